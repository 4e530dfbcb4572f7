import { anthropic } from './anthropic.js'
import { awsBedrock } from './aws-bedrock.js'
import { azureOpenai } from './azure-openai.js'
import { baseten } from './baseten.js'
import { cartesia } from './cartesia.js'
import { cerebras } from './cerebras.js'
import { cohere } from './cohere.js'
import { deepgram } from './deepgram.js'
import { deepseek } from './deepseek.js'
import { bearer, defineProvider, type ProviderDescriptor } from './define.js'
import { elevenlabs } from './elevenlabs.js'
import { fal } from './fal.js'
import { googleAiStudio } from './google-ai-studio.js'
import { googleVertexAi } from './google-vertex-ai.js'
import { grok } from './grok.js'
import { groq } from './groq.js'
import { huggingface } from './huggingface.js'
import { ideogram } from './ideogram.js'
import { mistral } from './mistral.js'
import { openai } from './openai.js'
import { openrouter } from './openrouter.js'
import { parallel } from './parallel.js'
import { perplexityAi } from './perplexity-ai.js'
import { replicate } from './replicate.js'
import { workersAi } from './workers-ai.js'

/** The built-in providers, in providers.md matrix order. Custom providers come from the store (F009). */
export const providers: readonly ProviderDescriptor[] = [
  openai,
  anthropic,
  azureOpenai,
  baseten,
  awsBedrock,
  cartesia,
  cerebras,
  cohere,
  deepgram,
  deepseek,
  elevenlabs,
  fal,
  googleAiStudio,
  grok,
  groq,
  huggingface,
  ideogram,
  mistral,
  openrouter,
  parallel,
  perplexityAi,
  replicate,
  googleVertexAi,
  workersAi,
]

/** Custom provider slugs are stored without it and addressed with it (F241). */
export const CUSTOM_PREFIX = 'custom-'

/** The realtime WebSocket example addresses Google AI Studio as `google` (providers.md §4.2). */
const SLUG_ALIASES: Readonly<Record<string, string>> = { google: 'google-ai-studio' }
/** F015: `google/…` on /compat is an alias of `google-ai-studio/…`. */
const COMPAT_ALIASES: Readonly<Record<string, string>> = { google: 'google-ai-studio' }

const bySlug = new Map(providers.map((provider) => [provider.slug, provider]))
const byCompatPrefix = new Map(
  providers.flatMap((provider) => (provider.compat ? [[provider.compat.prefix, provider] as const] : [])),
)

/** F043: slugs match case-insensitively (`OpenAI` names the same provider as `openai`). */
export function providerBySlug(slug: string): ProviderDescriptor | undefined {
  const key = slug.toLowerCase()
  return bySlug.get(SLUG_ALIASES[key] ?? key)
}

/** F013/F014: the provider a /compat `model` prefix (`perplexity`, `google`, …) selects. */
export function providerByCompatPrefix(prefix: string): ProviderDescriptor | undefined {
  const key = prefix.toLowerCase()
  return byCompatPrefix.get(COMPAT_ALIASES[key] ?? key)
}

/**
 * F009/F241: a custom provider is reached as `custom-{slug}`; everything after it is appended to its
 * `base_url` and the client's credentials pass through. /compat reaches its OpenAI-style
 * `/v1/chat/completions` (the docs' example pairs `base_url` `https://api.example-provider.com` with
 * model `custom-my-openai-compat/example-model`).
 *
 * @param slug the stored slug, without `custom-`
 * @param baseUrl the stored `base_url`; validated by the custom-provider store, checked again here
 */
export function customProviderDescriptor(slug: string, baseUrl: string): ProviderDescriptor {
  let parsed: URL
  try {
    parsed = new URL(baseUrl)
  } catch {
    throw new Error(`custom provider ${slug}: base_url ${JSON.stringify(baseUrl)} is not an absolute URL`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`custom provider ${slug}: base_url must be an http(s) URL`)
  }
  const gatewaySlug = `${CUSTOM_PREFIX}${slug}`
  return defineProvider({
    slug: gatewaySlug,
    name: slug,
    base: baseUrl.replace(/\/+$/, ''),
    auth: bearer(),
    schema: 'openai-chat',
    compat: { prefix: gatewaySlug, schema: 'openai-chat', path: '/v1/chat/completions' },
  })
}

export type { ProviderDescriptor } from './define.js'
