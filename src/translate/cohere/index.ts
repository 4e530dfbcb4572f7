import type { ChatTranslator, OpenAIChatRequest } from '../types.js'
import { resolveOptions, type HubContext, type TranslatorOptions } from '../identity/hub-context.js'
import { cohereError } from './error.js'
import { cohereRequest } from './request.js'
import { cohereResponse } from './response.js'
import { cohereStream } from './stream.js'

/**
 * `cohere` family: OpenAI chat ↔ Cohere v2 Chat (`POST /v2/chat` under `https://api.cohere.ai`). Only bodies are
 * translated; the key (Bearer on v2) is the provider descriptor's business.
 */
export function cohereTranslator(options: TranslatorOptions = {}): ChatTranslator {
  const resolved = resolveOptions(options)
  return {
    request: (body: OpenAIChatRequest, context: HubContext) => cohereRequest(body, context),
    response: (body: unknown, context: HubContext) => cohereResponse(body, context, resolved),
    stream: (context: HubContext) => cohereStream(context, resolved),
    error: (status: number, body: unknown) => cohereError(status, body),
  }
}
