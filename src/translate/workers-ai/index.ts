import type { ChatTranslator, OpenAIChatRequest } from '../types.js'
import { resolveOptions, type HubContext, type TranslatorOptions } from '../identity/hub-context.js'
import { workersAiError } from './error.js'
import { workersAiRequest } from './request.js'
import { workersAiResponse } from './response.js'
import { workersAiStream } from './stream.js'

export { WORKERS_AI_CHAT_PATH } from './request.js'

/**
 * `workers-ai` family (F022): requests go to Workers AI's OpenAI-compatible endpoint. `request().path` is
 * `/v1/chat/completions` RELATIVE TO THE ACCOUNT'S AI BASE — the caller (the workers-ai provider descriptor) must
 * prefix `https://api.cloudflare.com/client/v4/accounts/{account_id}/ai`, giving
 * `…/accounts/{account_id}/ai/v1/chat/completions`. Responses and streams are accepted in both the OpenAI shape and
 * the native `{result: {response, usage, tool_calls}}` / `data: {"response": …}` shape.
 */
export function workersAiTranslator(options: TranslatorOptions = {}): ChatTranslator {
  const resolved = resolveOptions(options)
  return {
    request: (body: OpenAIChatRequest, context: HubContext) => workersAiRequest(body, context),
    response: (body: unknown, context: HubContext) => workersAiResponse(body, context, resolved),
    stream: (context: HubContext) => workersAiStream(context, resolved),
    error: (status: number, body: unknown) => workersAiError(status, body),
  }
}
