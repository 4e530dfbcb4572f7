import type { OpenAIErrorBody } from '../types.js'
import { errorTypeForStatus, fallbackError, openaiError } from './hub-errors.js'
import { isRecord, stringField } from './hub-json.js'

function codeText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return null
}

/**
 * OpenAI-shaped errors pass through (extra fields kept); the other shapes OpenAI-compatible providers use
 * (`{error: "text"}`, `{message, type, code}`, FastAPI's `{detail}`, Google's `[{error}]`) are mapped; anything else
 * is wrapped with its text.
 */
export function openaiShapedError(status: number, body: unknown, provider: string): OpenAIErrorBody {
  if (Array.isArray(body) && body.length > 0 && isRecord(body[0]) && body[0].error !== undefined) {
    return openaiShapedError(status, body[0], provider)
  }
  if (!isRecord(body)) return fallbackError(status, body, provider)
  const error = body.error
  if (isRecord(error) && typeof error.message === 'string') {
    return {
      error: {
        ...error,
        message: error.message,
        type: stringField(error, 'type') ?? errorTypeForStatus(status),
        param: stringField(error, 'param') ?? null,
        code: codeText(error.code),
      },
    }
  }
  if (typeof error === 'string') return openaiError(error, errorTypeForStatus(status), codeText(body.code))
  // Mistral's `{object: "error", message, type, code}`, whose message is an object on validation errors.
  if (body.message !== undefined && body.message !== null) {
    const message = typeof body.message === 'string' ? body.message : JSON.stringify(body.message)
    return openaiError(message, stringField(body, 'type') ?? errorTypeForStatus(status), codeText(body.code))
  }
  const detail = body.detail
  if (detail !== undefined) {
    return openaiError(
      typeof detail === 'string' ? detail : JSON.stringify(detail),
      errorTypeForStatus(status),
    )
  }
  return fallbackError(status, body, provider)
}
