/** Anthropic error bodies (`{type:"error", error:{type, message}}`) → OpenAI error shape (F019). */
import type { OpenAIErrorBody } from '../types.js'
import { isRecord, optionalString } from './guards.js'
import type { AnthropicErrorType } from './wire-types.js'

/** OpenAI's own `type` for each Anthropic error type; the Anthropic type is kept in `code`. */
const OPENAI_TYPE: Record<AnthropicErrorType, string> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  billing_error: 'insufficient_quota',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  request_too_large: 'invalid_request_error',
  rate_limit_error: 'rate_limit_error',
  api_error: 'server_error',
  timeout_error: 'server_error',
  overloaded_error: 'server_error',
}

/** The HTTP status Anthropic documents for each error type (used for errors that arrive inside a stream). */
const STATUS: Record<AnthropicErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
}

function isAnthropicErrorType(value: unknown): value is AnthropicErrorType {
  return typeof value === 'string' && Object.hasOwn(OPENAI_TYPE, value)
}

function typeForStatus(status: number): string {
  if (status === 401) return 'authentication_error'
  if (status === 403) return 'permission_error'
  if (status === 404) return 'not_found_error'
  if (status === 429) return 'rate_limit_error'
  return status >= 500 ? 'server_error' : 'invalid_request_error'
}

export function statusForAnthropicError(type: unknown): number {
  return isAnthropicErrorType(type) ? STATUS[type] : 500
}

function describe(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 500)
  return undefined
}

export function fromAnthropicError(status: number, body: unknown): OpenAIErrorBody {
  const error = isRecord(body) ? body['error'] : undefined
  if (isRecord(error)) {
    const type = error['type']
    const message = optionalString(error['message']) ?? `Anthropic returned HTTP ${status}`
    return {
      error: {
        message,
        type: isAnthropicErrorType(type) ? OPENAI_TYPE[type] : typeForStatus(status),
        param: null,
        code: optionalString(type) ?? null,
      },
    }
  }
  const text = describe(body)
  return {
    error: {
      message: text ? `Anthropic returned HTTP ${status}: ${text}` : `Anthropic returned HTTP ${status}`,
      type: typeForStatus(status),
      param: null,
      code: null,
    },
  }
}
