import type { LogEntry } from '../core/log-entry.js'
import { adminError } from './admin-errors.js'
import type { AdminResponse } from './types.js'

/**
 * F253: `GET …/logs/{id}/request` and `…/response` return the stored body itself, not an envelope (the SDK
 * hands the raw response to the caller): JSON bodies as JSON, other text as a string, binary bodies as
 * bytes with their recorded content type. A truncated body says so in `x-aigw-body-truncated`.
 */
export function storedBody(entry: LogEntry, side: 'request' | 'response'): AdminResponse {
  const bytes = side === 'request' ? entry.requestBody : entry.responseBody
  if (bytes === null) {
    throw adminError(
      'not_found',
      `the ${side} body of log "${entry.id}" was not stored (payload logging off or over the size cap)`,
    )
  }
  const truncated = side === 'request' ? entry.requestBodyTruncated : entry.responseBodyTruncated
  const contentType = side === 'request' ? entry.requestContentType : entry.responseContentType
  const headers: Record<string, string> = truncated ? { 'x-aigw-body-truncated': 'true' } : {}
  const text = decodeUtf8(bytes)
  if (text === undefined) {
    return {
      status: 200,
      body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      headers: { ...headers, 'content-type': contentType || 'application/octet-stream' },
    }
  }
  const json = truncated ? undefined : parseJson(text)
  if (json !== undefined) return { status: 200, body: json.value, headers }
  return { status: 200, body: text, headers: { ...headers, 'content-type': textContentType(contentType) } }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

/** Text bodies keep a textual recorded type (e.g. text/event-stream for streamed responses). */
function textContentType(recorded: string): string {
  const base = recorded.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  const textual = base.startsWith('text/') || base.endsWith('+json') || base.endsWith('+xml')
  return textual ? `${base}; charset=utf-8` : 'text/plain; charset=utf-8'
}
