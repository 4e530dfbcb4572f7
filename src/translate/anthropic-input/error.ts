/**
 * Hub errors (OpenAI shape, aigw's own Cloudflare-shaped errors, or plain text) → Anthropic's error shape
 * `{type:"error", error:{type, message}}`, which the Anthropic SDKs turn into typed exceptions.
 */
import type { GatewayError } from '../../core/errors.js'
import { isRecord, optionalString } from '../anthropic-messages/guards.js'
import type { AnthropicErrorBody, AnthropicErrorType } from '../anthropic-messages/wire-types.js'

const ANTHROPIC_TYPES: readonly AnthropicErrorType[] = [
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
]

const BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
}

const BY_OPENAI_TYPE: Record<string, AnthropicErrorType> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  rate_limit_error: 'rate_limit_error',
  requests: 'rate_limit_error',
  tokens: 'rate_limit_error',
  insufficient_quota: 'billing_error',
}

function asAnthropicType(value: unknown): AnthropicErrorType | undefined {
  return ANTHROPIC_TYPES.find((t) => t === value)
}

function typeForStatus(status: number): AnthropicErrorType | undefined {
  const known = BY_STATUS[status]
  if (known) return known
  if (status >= 500) return 'api_error'
  return status >= 400 ? 'invalid_request_error' : undefined
}

interface Parts {
  message: string | undefined
  type: unknown
  code: unknown
}

function readParts(body: unknown): Parts {
  if (typeof body === 'string')
    return { message: body.trim() === '' ? undefined : body.slice(0, 500), type: undefined, code: undefined }
  if (!isRecord(body)) return { message: undefined, type: undefined, code: undefined }
  const error = body['error']
  if (isRecord(error))
    return { message: optionalString(error['message']), type: error['type'], code: error['code'] }
  // aigw's Cloudflare-shaped gateway errors (F144): {success:false, error:[{code, message}]}.
  const list = Array.isArray(error) ? error : body['errors']
  const first: unknown = Array.isArray(list) ? list[0] : undefined
  if (isRecord(first))
    return { message: optionalString(first['message']), type: undefined, code: first['code'] }
  return { message: undefined, type: undefined, code: undefined }
}

/** `status` 0 means unknown (an error that arrived inside a stream). */
export function hubErrorToAnthropic(status: number, body: unknown): AnthropicErrorBody {
  const { message, type, code } = readParts(body)
  const anthropicType =
    asAnthropicType(code) ??
    asAnthropicType(type) ??
    typeForStatus(status) ??
    (typeof type === 'string' ? BY_OPENAI_TYPE[type] : undefined) ??
    'api_error'
  return {
    type: 'error',
    error: {
      type: anthropicType,
      message: message ?? (status > 0 ? `Upstream returned HTTP ${status}` : 'Upstream error'),
    },
  }
}

/** An error aigw itself raised on `…/compat/v1/messages`, answered in Anthropic's shape with the table's status. */
export function gatewayErrorToAnthropic(error: GatewayError): { status: number; body: AnthropicErrorBody } {
  const type = typeForStatus(error.status) ?? 'api_error'
  return { status: error.status, body: { type: 'error', error: { type, message: error.message } } }
}
