import type { ProviderDescriptor } from '../../providers/define.js'
import { CUSTOM_PREFIX, providerBySlug } from '../../providers/index.js'

/**
 * How the moderation model is asked (F212):
 * - `workers-ai`: Workers AI's run endpoint with chat messages, answer in Cloudflare's `{result:{response}}`;
 * - `chat`: an OpenAI-compatible chat completion whose answer is Llama Guard's text;
 * - `openai-moderation`: OpenAI's `/moderations`, categories mapped onto Llama Guard's.
 */
export type EvaluatorKind = 'workers-ai' | 'chat' | 'openai-moderation'

/**
 * `messages`: the conversation as chat messages, for a Llama Guard whose server applies Meta's chat template;
 * `template`: Meta's prompt rendered here and sent as one user message, for any other instruction model.
 */
export type PromptFormat = 'messages' | 'template'

export interface EvaluatorTarget {
  /** As configured, `provider/model`. */
  spec: string
  kind: EvaluatorKind
  provider: ProviderDescriptor
  /** Model id as the provider knows it. */
  model: string
  format: PromptFormat
}

/** Azure's upstream needs a resource and deployment from the path; no fixed chat endpoint exists for it. */
function speaksOpenAiChat(provider: ProviderDescriptor): boolean {
  if (provider.compat) return provider.compat.schema === 'openai-chat'
  return provider.schema === 'openai-chat' && !provider.base.includes('{')
}

export class EvaluatorConfigError extends Error {}

/** Resolved once at start-up so a model aigw cannot call is a start-up error, not a failure per request. */
export function resolveEvaluatorTarget(
  spec: string,
  format: PromptFormat | 'auto' = 'auto',
): EvaluatorTarget {
  const slash = spec.indexOf('/')
  if (slash <= 0 || slash === spec.length - 1) {
    throw new EvaluatorConfigError(`guardrails model '${spec}' must be "provider/model"`)
  }
  const slug = spec.slice(0, slash)
  const model = spec.slice(slash + 1)
  if (slug.toLowerCase().startsWith(CUSTOM_PREFIX)) {
    throw new EvaluatorConfigError(
      `guardrails model '${spec}': custom providers are per account and cannot serve the process-wide evaluator; ` +
        'name an OpenAI-compatible provider (e.g. groq/<model>) and set guardrails.base_url to your endpoint',
    )
  }
  const provider = providerBySlug(slug)
  if (!provider) throw new EvaluatorConfigError(`guardrails model '${spec}': unknown provider '${slug}'`)
  const chosen = format === 'auto' ? (/llama-guard/i.test(model) ? 'messages' : 'template') : format
  if (provider.slug === 'openai' && /moderation/i.test(model)) {
    return { spec, kind: 'openai-moderation', provider, model, format: chosen }
  }
  if (provider.slug === 'workers-ai') return { spec, kind: 'workers-ai', provider, model, format: chosen }
  if (speaksOpenAiChat(provider)) return { spec, kind: 'chat', provider, model, format: chosen }
  throw new EvaluatorConfigError(
    `guardrails model '${spec}': ${provider.name} is not OpenAI-compatible; use workers-ai/…, ` +
      'openai/omni-moderation-latest or a Llama Guard on an OpenAI-compatible provider (groq/…, openrouter/…)',
  )
}
