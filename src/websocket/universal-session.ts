import type { IncomingHttpHeaders } from 'node:http'
import type { RawData, WebSocket } from 'ws'
import { asGatewayError, GatewayError } from '../core/errors.js'
import type { DataPlaneAddress, Gateway } from '../gateway.js'
import type { InboundRequest, Reply } from '../pipeline/exchange.js'
import { createSseParser, type SseEvent } from '../stream/sse.js'
import { Outbox } from './flow.js'
import { pumpBody } from './pump.js'
import {
  createdFrame,
  doneFrame,
  errorFrame,
  parseClientFrame,
  replyMetadata,
  responsePayload,
  streamEventPayload,
  streamFrame,
  type UniversalCreate,
} from './universal-frames.js'

/** Concurrent eventIds one connection may have open (F052); bounds what a single socket can hold. */
export const MAX_IN_FLIGHT = 64
/** A non-streaming reply is one frame, so it is held in memory; past this it is refused rather than framed. */
export const MAX_FRAMED_RESPONSE_BYTES = 64 * 1024 * 1024

export interface UniversalSessionOptions {
  socket: WebSocket
  /** The data plane whose records are typed `websocket` (F055). */
  gateway: Gateway
  address: DataPlaneAddress
  /** The upgrade's raw path (`/v1/{account}/{gateway}[/]`): each frame runs as a POST to it. */
  path: string
  /** Verified at the handshake; every frame runs with it as its outer credential (F044). */
  token: string
  upgradeHeaders: IncomingHttpHeaders
}

export interface UniversalSession {
  /** Refuses new frames from now on; resolves once no request is in flight. */
  drain(): Promise<void>
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.isBuffer(data) ? data : Buffer.from(data)
}

/**
 * F049–F053: each `universal.create` frame becomes a one-step Universal request through the same gateway
 * pipeline as HTTP (auth, controls, cache, retries, logging), and its reply goes back as frames tagged with
 * the client's `eventId`, so any number of requests share the socket.
 */
export function startUniversalSession(options: UniversalSessionOptions): UniversalSession {
  const { socket } = options
  const outbox = new Outbox(socket)
  const inFlight = new Map<string, AbortController>()
  const idle: Array<() => void> = []
  let draining = false

  socket.on('message', (data, isBinary) => {
    // Binary frames are accepted too: some clients send their JSON as bytes.
    void isBinary
    const parsed = parseClientFrame(toBuffer(data).toString('utf8'))
    if (!parsed.ok) return void outbox.send(errorFrame(parsed.eventId, parsed.kind, parsed.message), false)
    const { eventId } = parsed.create
    const refusal = draining
      ? new GatewayError('shutting_down', 'this connection takes no new requests; reconnect')
      : inFlight.has(eventId)
        ? new GatewayError(
            'invalid_request',
            `eventId '${eventId.slice(0, 64)}' is already in flight on this connection`,
          )
        : inFlight.size >= MAX_IN_FLIGHT
          ? new GatewayError(
              'invalid_request',
              `at most ${MAX_IN_FLIGHT} requests may be in flight on one connection`,
            )
          : undefined
    if (refusal) return void outbox.send(errorFrame(eventId, refusal.kind, refusal.detail ?? ''), false)
    const controller = new AbortController()
    inFlight.set(eventId, controller)
    runFrame(options, parsed.create, controller.signal, outbox)
      .catch((error: unknown) => {
        console.error('aigw: websocket frame failed', error)
        outbox.send(errorFrame(eventId, 'internal', asGatewayError(error).message), false)
      })
      .finally(() => {
        inFlight.delete(eventId)
        if (inFlight.size === 0) idle.splice(0).forEach((resolve) => resolve())
      })
  })
  socket.once('close', () => {
    for (const controller of inFlight.values()) controller.abort(new Error('client closed the WebSocket'))
  })

  return {
    drain() {
      draining = true
      return inFlight.size === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve))
    },
  }
}

async function runFrame(
  options: UniversalSessionOptions,
  create: UniversalCreate,
  signal: AbortSignal,
  outbox: Outbox,
): Promise<void> {
  const reply = await options.gateway.handle(frameRequest(options, create, signal), options.address)
  const contentType = String(reply.headers['content-type'] ?? '')
  if (/^text\/event-stream\b/i.test(contentType)) await relayStream(reply, create.eventId, signal, outbox)
  else await relayBuffered(reply, create.eventId, signal, outbox)
}

/** Controls sent on the upgrade apply to every frame, below the step's own headers (F040). */
function outerHeaders(upgrade: IncomingHttpHeaders): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {}
  for (const name in upgrade) {
    if (name.startsWith('cf-aig-') && name !== 'cf-aig-authorization') headers[name] = upgrade[name]
  }
  if (upgrade['user-agent'] !== undefined) headers['user-agent'] = upgrade['user-agent']
  return headers
}

export function frameRequest(
  options: Pick<UniversalSessionOptions, 'path' | 'token' | 'upgradeHeaders'>,
  create: UniversalCreate,
  signal: AbortSignal,
): InboundRequest {
  // One step object (F045): the Universal endpoint's errors then name the field without an array index.
  const body = Buffer.from(JSON.stringify(create.step))
  return {
    method: 'POST',
    path: options.path,
    search: '',
    headers: {
      ...outerHeaders(options.upgradeHeaders),
      'content-type': 'application/json',
      'content-length': String(body.length),
      'cf-aig-authorization': `Bearer ${options.token}`,
    },
    readBody: async (limit) => {
      if (body.length > limit) {
        throw new GatewayError(
          'payload_too_large',
          `request of ${body.length} bytes exceeds the ${limit}-byte limit`,
        )
      }
      return body
    },
    signal,
  }
}

/** F051: `universal.created` (metadata only), one `universal.stream` per SSE event, then `universal.done`. */
async function relayStream(
  reply: Reply,
  eventId: string,
  signal: AbortSignal,
  outbox: Outbox,
): Promise<void> {
  const metadata = replyMetadata(eventId, reply.headers)
  const observer = reply.observer
  outbox.send(createdFrame(metadata), false)
  const parser = createSseParser()
  const emit = (events: SseEvent[]): boolean => {
    let open = true
    for (const event of events) {
      const payload = streamEventPayload(event.data)
      if (!payload.skip) open = outbox.send(streamFrame(eventId, payload.response), false) && open
    }
    return open
  }
  let outcome: 'complete' | 'client-closed'
  try {
    outcome = await pumpBody(
      reply.body,
      (chunk) => {
        observer?.chunk(chunk)
        return emit(parser.push(chunk))
      },
      signal,
      outbox,
    )
  } catch (error) {
    observer?.end('error', error)
    const reason = error instanceof Error ? error.message : String(error)
    outbox.send(errorFrame(eventId, 'upstream_unreachable', `response stream failed: ${reason}`), false)
    return
  }
  if (outcome === 'client-closed') return observer?.end('client-closed')
  emit(parser.end())
  outbox.send(doneFrame(metadata), false)
  observer?.end('complete')
}

/** F050: the whole reply in one `universal.created`, JSON embedded as JSON. */
async function relayBuffered(
  reply: Reply,
  eventId: string,
  signal: AbortSignal,
  outbox: Outbox,
): Promise<void> {
  const metadata = replyMetadata(eventId, reply.headers)
  const observer = reply.observer
  const chunks: Buffer[] = []
  let size = 0
  let outcome: 'complete' | 'client-closed'
  try {
    outcome = await pumpBody(
      reply.body,
      (chunk) => {
        observer?.chunk(chunk)
        size += chunk.length
        if (size > MAX_FRAMED_RESPONSE_BYTES) {
          throw new GatewayError(
            'payload_too_large',
            `a response over ${MAX_FRAMED_RESPONSE_BYTES} bytes cannot be sent as one frame; use the HTTP endpoint`,
          )
        }
        chunks.push(chunk)
      },
      signal,
    )
  } catch (error) {
    observer?.end('error', error)
    const failure = error instanceof GatewayError ? error : undefined
    const message = error instanceof Error ? error.message : String(error)
    outbox.send(
      errorFrame(
        eventId,
        failure?.kind ?? 'upstream_unreachable',
        failure?.detail ?? `response failed: ${message}`,
      ),
      false,
    )
    return
  }
  if (outcome === 'client-closed') return observer?.end('client-closed')
  outbox.send(
    createdFrame(metadata, responsePayload(metadata.contentType, Buffer.concat(chunks, size))),
    false,
  )
  observer?.end('complete')
}
