import { errorTable, type ErrorKind } from '../core/errors.js'

/**
 * The non-realtime WebSocket wire format (F049–F052, F137). Client frames are
 * `{"type":"universal.create","request":{eventId, provider, endpoint, headers, query, config?}}`; the gateway
 * answers with `universal.created` (+ `universal.stream`… `universal.done` when streaming). Frames the
 * gateway cannot even correlate to a request get `universal.error`, which Cloudflare does not document.
 */

export const CREATE = 'universal.create'

/** F050/F137: the HTTP response headers' equivalents, in the documented key order; `step` is a string. */
export interface UniversalMetadata {
  cacheStatus: string
  eventId: string
  logId: string
  step: string
  contentType: string
}

export interface UniversalCreate {
  eventId: string
  /** The request minus `eventId`: one Universal step (F035), validated by the Universal endpoint itself. */
  step: Record<string, unknown>
}

export type ParsedFrame =
  | { ok: true; create: UniversalCreate }
  | { ok: false; eventId: string | undefined; kind: ErrorKind; message: string }

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads one client frame. Only what is needed to correlate a reply is checked here (the frame's shape and a
 * string `eventId`); the step's own fields are validated by the Universal endpoint like an HTTP step, so an
 * error there comes back as a normal, logged `universal.created` reply.
 */
export function parseClientFrame(text: string): ParsedFrame {
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch (error) {
    return { ok: false, eventId: undefined, kind: 'invalid_json', message: (error as Error).message }
  }
  if (!isObject(frame)) {
    return {
      ok: false,
      eventId: undefined,
      kind: 'invalid_request',
      message: 'a frame must be a JSON object',
    }
  }
  const request = frame.request
  const eventId = isObject(request) && typeof request.eventId === 'string' ? request.eventId : undefined
  if (frame.type !== CREATE) {
    const got = typeof frame.type === 'string' ? `'${frame.type.slice(0, 64)}'` : 'none'
    return { ok: false, eventId, kind: 'invalid_request', message: `type must be '${CREATE}' (got ${got})` }
  }
  if (!isObject(request)) {
    return { ok: false, eventId, kind: 'invalid_request', message: 'request must be an object' }
  }
  if (eventId === undefined || eventId === '') {
    return {
      ok: false,
      eventId: undefined,
      kind: 'invalid_request',
      message: 'request.eventId must be a non-empty string; it is echoed on every reply (F052)',
    }
  }
  const { eventId: _omit, ...step } = request
  return { ok: true, create: { eventId, step } }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** The metadata of one reply, from the headers every gateway reply carries (F130, F131, F133). */
export function replyMetadata(
  eventId: string,
  headers: Record<string, string | string[]>,
): UniversalMetadata {
  return {
    cacheStatus: firstHeader(headers['cf-aig-cache-status']) ?? 'MISS',
    eventId,
    logId: firstHeader(headers['cf-aig-log-id']) ?? '',
    step: firstHeader(headers['cf-aig-step']) ?? '0',
    contentType: firstHeader(headers['content-type']) ?? 'application/octet-stream',
  }
}

/** How a buffered reply body travels in `response`. */
export type ResponsePayload =
  | { response: unknown }
  /** Bytes that are neither JSON nor text (audio, images) are base64; the marker says so. */
  | { response: string; responseEncoding: 'base64' }

export function createdFrame(metadata: UniversalMetadata, payload?: ResponsePayload): string {
  return JSON.stringify({ type: 'universal.created', metadata, ...payload })
}

/** F051: chunks carry only the `eventId` in their metadata. */
export function streamFrame(eventId: string, response: unknown): string {
  return JSON.stringify({ type: 'universal.stream', metadata: { eventId }, response })
}

export function doneFrame(metadata: UniversalMetadata): string {
  return JSON.stringify({ type: 'universal.done', metadata })
}

export function errorFrame(eventId: string | undefined, kind: ErrorKind, message: string): string {
  const spec = errorTable[kind]
  return JSON.stringify({
    type: 'universal.error',
    metadata: eventId === undefined ? {} : { eventId },
    error: { code: spec.code, message: `${spec.message}: ${message}` },
  })
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i
const TEXT_TYPE = /^text\/|^application\/(?:xml|javascript|x-www-form-urlencoded)\b/i

/** JSON bodies are embedded as JSON (F050), text as a string, anything else as base64. */
export function responsePayload(contentType: string, body: Buffer): ResponsePayload {
  if (JSON_TYPE.test(contentType)) {
    try {
      return { response: body.length === 0 ? null : (JSON.parse(body.toString('utf8')) as unknown) }
    } catch {
      // A provider that labels non-JSON as JSON still gets its bytes through, as text.
      return { response: body.toString('utf8') }
    }
  }
  if (TEXT_TYPE.test(contentType)) return { response: body.toString('utf8') }
  return { response: body.toString('base64'), responseEncoding: 'base64' }
}

/**
 * F051: one `universal.stream` per SSE event, its data parsed as JSON. OpenAI's `[DONE]` sentinel and empty
 * keep-alive events carry nothing: `universal.done` already marks the end.
 */
export function streamEventPayload(data: string): { skip: true } | { skip: false; response: unknown } {
  const trimmed = data.trim()
  if (trimmed === '' || trimmed === '[DONE]') return { skip: true }
  try {
    return { skip: false, response: JSON.parse(trimmed) as unknown }
  } catch {
    return { skip: false, response: data }
  }
}
