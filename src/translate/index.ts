/**
 * Translators between the hub schema (OpenAI chat, F012/F019) and each schema family, keyed by family — never by
 * provider (ARCHITECTURE principle 1).
 *
 * Wiring notes for callers:
 * - Pass a `HubContext` (a `TranslateContext` plus optional `includeUsage` — the client sent
 *   `stream_options.include_usage` — and a `warnings` sink for what responses and streams could not carry).
 * - `request().path` is relative to the provider base. Gemini: `translatorFor('gemini')` targets Google AI Studio;
 *   Vertex AI needs `geminiTranslator({ pathFor: vertexPath({ project, region }) })`. Workers AI:
 *   `/v1/chat/completions` under `https://api.cloudflare.com/client/v4/accounts/{account_id}/ai`. openai-chat:
 *   `/chat/completions`; a descriptor's `compat.path` wins.
 * - Streams: feed parsed upstream events to `push()`, call `end()` when the upstream closes, serialise the chunks
 *   and write `data: [DONE]` yourself. An `UpstreamStreamError` from `push()`/`end()` carries the OpenAI-shaped error
 *   to write as the last event.
 */
import { anthropicMessagesTranslator } from './anthropic-messages/index.js'
import { cohereTranslator } from './cohere/index.js'
import { aiStudioPath, geminiTranslator } from './gemini/index.js'
import { identityTranslator } from './identity/index.js'
import type { ChatTranslator } from './types.js'
import { workersAiTranslator } from './workers-ai/index.js'

export type ChatSchema = 'openai-chat' | 'anthropic-messages' | 'gemini' | 'cohere' | 'workers-ai'

const translators: Record<ChatSchema, ChatTranslator> = {
  'openai-chat': identityTranslator(),
  'anthropic-messages': anthropicMessagesTranslator,
  gemini: geminiTranslator({ pathFor: aiStudioPath }),
  cohere: cohereTranslator(),
  'workers-ai': workersAiTranslator(),
}

export function translatorFor(schema: ChatSchema): ChatTranslator {
  return translators[schema]
}

export { anthropicMessagesTranslator } from './anthropic-messages/index.js'
export { cohereTranslator } from './cohere/index.js'
export {
  aiStudioPath,
  geminiTranslator,
  vertexPath,
  type GeminiPathFor,
  type GeminiTranslatorOptions,
  type VertexLocation,
} from './gemini/index.js'
export type { HubContext, TranslatorOptions } from './identity/hub-context.js'
export { UpstreamStreamError } from './identity/hub-errors.js'
export { identityTranslator, type IdentityTranslatorOptions } from './identity/index.js'
export { WORKERS_AI_CHAT_PATH, workersAiTranslator } from './workers-ai/index.js'
