import type { OpenAIErrorBody } from '../types.js'
import { errorTypeForStatus, fallbackError, openaiError } from '../identity/hub-errors.js'
import { isRecord, numberField, recordField, stringField } from '../identity/hub-json.js'

/**
 * Google's `{error: {code, message, status, details}}` (Vertex wraps it in an array on streaming calls) → OpenAI's
 * error shape; `code` carries Google's status name (e.g. `RESOURCE_EXHAUSTED`) for clients that branch on it.
 */
export function geminiError(status: number, body: unknown): OpenAIErrorBody {
  const record = Array.isArray(body) && body.length > 0 ? body[0] : body
  const error = isRecord(record) ? recordField(record, 'error') : undefined
  const message = error === undefined ? undefined : stringField(error, 'message')
  if (error === undefined || message === undefined) return fallbackError(status, body, 'Gemini')
  const httpStatus = status >= 400 ? status : (numberField(error, 'code') ?? status)
  return openaiError(message, errorTypeForStatus(httpStatus), stringField(error, 'status') ?? null)
}
