import type { ChatTranslator, OpenAIChatRequest } from '../types.js'
import { resolveOptions, type HubContext, type TranslatorOptions } from './hub-context.js'
import { openaiShapedError } from './error.js'
import { identityRequest } from './request.js'
import { normalizeCompletion } from './response.js'
import { identityStream } from './stream.js'

export interface IdentityTranslatorOptions extends TranslatorOptions {
  /** Chat path under the provider base (default `/chat/completions`); a descriptor's `compat.path` wins. */
  path?: string
  /** Ask the upstream for a usage chunk on every stream (default true); turn off for APIs that reject `stream_options`. */
  forceStreamUsage?: boolean
  /** Name used in error messages. */
  provider?: string
}

/**
 * `openai-chat` family (OpenAI, Groq, Mistral, DeepSeek, xAI, Cerebras, Perplexity, OpenRouter, Baseten, Parallel,
 * custom providers): the hub schema itself, so the body only loses the `{provider}/` prefix (F013) and streams
 * always request usage upstream; a usage chunk reaches the client only when it asked (`HubContext.includeUsage`).
 */
export function identityTranslator(options: IdentityTranslatorOptions = {}): ChatTranslator {
  const resolved = resolveOptions(options)
  const provider = options.provider ?? 'upstream'
  const requestOptions = {
    path: options.path ?? '/chat/completions',
    forceStreamUsage: options.forceStreamUsage ?? true,
  }
  return {
    request: (body: OpenAIChatRequest, context: HubContext) => identityRequest(body, context, requestOptions),
    response: (body: unknown, context: HubContext) => normalizeCompletion(body, context, resolved, provider),
    stream: (context: HubContext) => identityStream(context, resolved, provider),
    error: (status: number, body: unknown) => openaiShapedError(status, body, provider),
  }
}
