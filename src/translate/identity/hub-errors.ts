import { GatewayError } from '../../core/errors.js'
import type { OpenAIErrorBody } from '../types.js'

/** The `type` OpenAI puts on an error of this HTTP status (the SDKs pick their exception class by status). */
export function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error'
  if (status === 403) return 'permission_error'
  if (status === 404) return 'not_found_error'
  if (status === 429) return 'rate_limit_error'
  if (status >= 500) return 'server_error'
  return 'invalid_request_error'
}

export function openaiError(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } }
}

const MAX_ERROR_TEXT = 2000

/** An error body in no shape we know: keep its text so the client still sees what the upstream said. */
export function fallbackError(status: number, body: unknown, provider: string): OpenAIErrorBody {
  let text: string
  if (typeof body === 'string') text = body.trim()
  else if (body === undefined || body === null) text = ''
  else text = JSON.stringify(body)
  if (text.length > MAX_ERROR_TEXT) text = `${text.slice(0, MAX_ERROR_TEXT)}…`
  const message =
    text === '' ? `${provider} returned HTTP ${status}` : `${provider} returned HTTP ${status}: ${text}`
  return openaiError(message, errorTypeForStatus(status), null)
}

/** A request field the target API cannot express or that is malformed (ChatTranslator contract). */
export function invalidRequest(field: string, problem: string): GatewayError {
  return new GatewayError('invalid_request', `${field}: ${problem}`)
}

/**
 * The upstream answered 2xx with a body that is not what its API documents. Kept in one place so the error kind can
 * change without touching the translators.
 */
export function invalidUpstream(detail: string, cause?: unknown): GatewayError {
  return new GatewayError('internal', `unexpected upstream response: ${detail}`, { cause })
}

/**
 * The upstream reported an error inside a stream that has already started. Thrown from `push()`/`end()`; OpenAI
 * clients understand `data: {"error": {...}}` mid-stream (the openai SDK raises an APIError from it), so the caller
 * writes `body` as one more SSE event and ends the stream. `status` is what the upstream would have answered had it
 * failed before streaming (for logs). Shared by every schema family so the caller needs one `instanceof`.
 */
export class UpstreamStreamError extends Error {
  readonly body: OpenAIErrorBody
  readonly status: number

  constructor(body: OpenAIErrorBody, status = 500) {
    super(body.error.message)
    this.name = 'UpstreamStreamError'
    this.body = body
    this.status = status
  }
}
