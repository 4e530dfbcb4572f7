import type { OpenAIChatRequest, TranslatedRequest } from '../types.js'
import type { HubContext } from '../identity/hub-context.js'
import { invalidRequest } from '../identity/hub-errors.js'
import { outputTokenLimit } from '../identity/hub-fields.js'
import { requireModel } from '../identity/request.js'

/** Relative to the account's Workers AI base `https://api.cloudflare.com/client/v4/accounts/{account_id}/ai`. */
export const WORKERS_AI_CHAT_PATH = '/v1/chat/completions'

/**
 * Workers AI's OpenAI-compatible endpoint takes the hub body nearly as is: the model must be the catalogue id
 * (`@cf/…`, `@hf/…`, F013/F022), and the token limit travels as `max_tokens`, the name its model schemas use.
 */
export function workersAiRequest(body: OpenAIChatRequest, context: HubContext): TranslatedRequest {
  const model = requireModel(context)
  if (!model.startsWith('@')) {
    throw invalidRequest(
      'model',
      `"${model}" is not a Workers AI model id (they look like @cf/meta/llama-3.1-8b-instruct)`,
    )
  }
  const out: OpenAIChatRequest = { ...body, model }
  const limit = outputTokenLimit(body)
  delete out.max_completion_tokens
  if (limit !== undefined) out.max_tokens = limit
  if (context.stream) out.stream = true
  else {
    delete out.stream_options
    if (out.stream !== undefined) out.stream = false
  }
  return { path: WORKERS_AI_CHAT_PATH, body: out, warnings: [] }
}
