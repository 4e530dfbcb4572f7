import type { OpenAIErrorBody } from '../types.js'
import { errorTypeForStatus, fallbackError, openaiError } from '../identity/hub-errors.js'
import { isRecord, stringField } from '../identity/hub-json.js'

/** Cohere's `{message}` / `{id, message}` → OpenAI's error shape. */
export function cohereError(status: number, body: unknown): OpenAIErrorBody {
  const message = isRecord(body) ? stringField(body, 'message') : undefined
  if (message === undefined) return fallbackError(status, body, 'Cohere')
  return openaiError(message, errorTypeForStatus(status))
}
