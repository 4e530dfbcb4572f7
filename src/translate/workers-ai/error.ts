import type { OpenAIErrorBody } from '../types.js'
import { openaiShapedError } from '../identity/error.js'
import { errorTypeForStatus, openaiError } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import { envelopeMessage } from './native.js'

/** Cloudflare's `{errors: [{code, message}], success: false}` → OpenAI's shape; OpenAI-shaped errors pass through. */
export function workersAiError(status: number, body: unknown): OpenAIErrorBody {
  const envelope = isRecord(body) ? envelopeMessage(body.errors) : undefined
  if (envelope !== undefined) return openaiError(envelope.message, errorTypeForStatus(status), envelope.code)
  return openaiShapedError(status, body, 'Workers AI')
}
