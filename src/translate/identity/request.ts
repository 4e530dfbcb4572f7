import type { OpenAIChatRequest, TranslatedRequest } from '../types.js'
import type { HubContext } from './hub-context.js'
import { invalidRequest } from './hub-errors.js'
import { isRecord } from './hub-json.js'

export interface IdentityRequestOptions {
  /** Chat path under the provider base; the descriptor's `compat.path` is the authority when it differs. */
  path: string
  /** Add `stream_options.include_usage` upstream so usage is always known (off for APIs that reject it). */
  forceStreamUsage: boolean
}

export function requireModel(context: HubContext): string {
  if (context.model.trim() === '')
    throw invalidRequest('model', 'must name a model after the "{provider}/" prefix')
  return context.model
}

/** F013/F023: the body goes upstream as sent, with `model` reduced to the provider's own model id. */
export function identityRequest(
  body: OpenAIChatRequest,
  context: HubContext,
  options: IdentityRequestOptions,
): TranslatedRequest {
  const out: OpenAIChatRequest = { ...body, model: requireModel(context) }
  if (context.stream) {
    out.stream = true
    if (options.forceStreamUsage) {
      const given = isRecord(body.stream_options) ? body.stream_options : {}
      out.stream_options = { ...given, include_usage: true }
    }
  } else {
    // OpenAI rejects stream_options on a non-streaming call.
    delete out.stream_options
    if (out.stream !== undefined) out.stream = false
  }
  return { path: options.path, body: out, warnings: [] }
}
