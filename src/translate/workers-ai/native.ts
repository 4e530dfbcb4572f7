import type { OpenAIToolCall } from '../types.js'
import { argumentsText, isRecord, numberField, recordField, stringField } from '../identity/hub-json.js'

/**
 * Workers AI's native output (`/ai/run`, and some models on the OpenAI-compatible route):
 * `{result: {response, tool_calls, usage}, success, errors, messages}`; streams send `data: {"response": "…"}`.
 */

/** `response` is text, or already-parsed JSON when the model ran in JSON mode. */
export function nativeText(response: unknown): string | null {
  if (response === undefined || response === null) return null
  if (typeof response === 'string') return response
  return JSON.stringify(response)
}

/** One native tool call: older models send `{name, arguments: {…}}`, newer ones OpenAI's `{id, type, function}`. */
export function nativeToolCall(value: unknown, nextId: () => string): OpenAIToolCall | undefined {
  if (!isRecord(value)) return undefined
  const fn = recordField(value, 'function')
  const name = fn === undefined ? stringField(value, 'name') : stringField(fn, 'name')
  if (name === undefined) return undefined
  const args = fn === undefined ? value.arguments : fn.arguments
  const id = stringField(value, 'id')
  return {
    id: id !== undefined && id !== '' ? id : nextId(),
    type: 'function',
    function: { name, arguments: argumentsText(args) },
  }
}

/** A streamed OpenAI-style tool call fragment keeps its own `index`; a whole native call gets the next one. */
export function nativeCallIndex(value: unknown, fallback: number): number {
  return isRecord(value) ? (numberField(value, 'index') ?? fallback) : fallback
}

/** Cloudflare's `errors: [{code, message}]` as one line. */
export function envelopeMessage(errors: unknown): { message: string; code: string | null } | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const items = errors.filter(isRecord)
  const message = items
    .map((item) => stringField(item, 'message') ?? '')
    .filter((text) => text !== '')
    .join('; ')
  const first = items[0]
  const code = first === undefined ? undefined : first.code
  return {
    message: message === '' ? JSON.stringify(errors) : message,
    code: typeof code === 'number' || typeof code === 'string' ? String(code) : null,
  }
}
