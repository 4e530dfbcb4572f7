import { adminError } from './admin-errors.js'
import type { AdminRequest } from './types.js'

/** Management writes take one JSON object; anything else is a 400 that says what was wrong with it. */
export function jsonObjectBody(request: AdminRequest): Record<string, unknown> {
  const text = request.body.toString('utf8').trim()
  if (text === '')
    throw adminError('invalid_json', 'the request body must be a JSON object, got an empty body', ['body'])
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw adminError('invalid_json', reason, ['body'])
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed
    throw adminError('invalid_json', `the request body must be a JSON object, got ${kind}`, ['body'])
  }
  return parsed as Record<string, unknown>
}
