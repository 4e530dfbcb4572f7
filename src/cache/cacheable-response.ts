import { createSseParser } from '../stream/sse.js'

type Headers = Readonly<Record<string, string | string[] | undefined>>

/** Per-response or per-connection headers that must not be replayed from a stored copy. */
const NOT_STORED = new Set([
  'set-cookie',
  'date',
  'age',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'trailer',
])

function single(headers: Headers, name: string): string {
  const value = headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

function mediaType(headers: Headers): string {
  return single(headers, 'content-type').split(';', 1)[0]!.trim().toLowerCase()
}

export function isEventStream(headers: Headers): boolean {
  return mediaType(headers) === 'text/event-stream'
}

/**
 * F155, F161, F162: only successful text, JSON and image responses are stored; an event stream only when the
 * policy allows streams. The declared length, when there is one, rules out oversized bodies before any
 * byte is collected (F160).
 */
export function isCacheableResponse(
  status: number,
  headers: Headers,
  options: { streamable: boolean; maxBytes: number },
): boolean {
  if (status < 200 || status > 299 || status === 206) return false
  const type = mediaType(headers)
  if (type === 'text/event-stream' && !options.streamable) return false
  const textual =
    type.startsWith('text/') ||
    type.startsWith('image/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/x-ndjson'
  if (!textual) return false
  const length = Number(single(headers, 'content-length') || Number.NaN)
  return !(length > options.maxBytes)
}

export function storedHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_STORED.has(name) || name.startsWith('cf-aig-')) continue
    out[name] = Array.isArray(value) ? [...value] : value
  }
  return out
}

const JSON_ERROR = /^\s*\{\s*"(?:error"\s*:\s*(?!null)|type"\s*:\s*"error")/

/**
 * F162: some providers answer 200 and carry the error in the body (a JSON `error` object, or an SSE `error`
 * event mid-stream, as Anthropic does when overloaded). Such a response must not be replayed.
 */
export function carriesError(body: Buffer, headers: Headers): boolean {
  if (isEventStream(headers)) {
    const parser = createSseParser()
    const events = [...parser.push(body), ...parser.end()]
    return events.some((event) => event.event === 'error' || JSON_ERROR.test(event.data))
  }
  const type = mediaType(headers)
  if (type === 'application/json' || type.endsWith('+json')) {
    return JSON_ERROR.test(body.subarray(0, 256).toString('utf8'))
  }
  return false
}
