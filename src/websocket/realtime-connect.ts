import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket } from 'ws'
import { cloudflareErrorBody, GatewayError } from '../core/errors.js'
import type { RealtimeTarget } from './realtime-targets.js'

/** The provider refused or could not be reached: the client's handshake is refused the same way. */
export interface UpstreamRefusal {
  status: number
  contentType: string | undefined
  body: string | Buffer | undefined
  /** For the log. */
  reason: string
}

export type UpstreamConnection =
  | { kind: 'open'; socket: WebSocket }
  | { kind: 'refused'; refusal: UpstreamRefusal }
  /** The client's socket closed while the provider was being dialled. */
  | { kind: 'client-gone' }

/** Enough of a provider's refusal body to explain itself to the client. */
const MAX_REFUSAL_BODY = 64 * 1024

export interface ConnectOptions {
  handshakeTimeoutMs: number
  /** Largest frame accepted from the provider. */
  maxPayload: number
}

/**
 * Opens the provider's WebSocket before the client's handshake is answered, so a provider refusal (401, 404,
 * 429) reaches the client as that HTTP status and the provider's chosen subprotocol can be echoed (F057).
 * The socket is returned paused: nothing is read until the client side is bridged.
 */
export function connectUpstream(
  target: RealtimeTarget,
  client: Duplex,
  options: ConnectOptions,
): Promise<UpstreamConnection> {
  return new Promise((resolve) => {
    const upstream = new WebSocket(target.url, target.protocols, {
      headers: target.headers as Record<string, string>,
      handshakeTimeout: options.handshakeTimeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
      maxPayload: options.maxPayload,
    })
    let settled = false
    const settle = (outcome: UpstreamConnection): void => {
      if (settled) return
      settled = true
      client.off('close', onClientGone)
      resolve(outcome)
    }
    const onClientGone = (): void => {
      upstream.terminate()
      settle({ kind: 'client-gone' })
    }
    client.once('close', onClientGone)
    upstream.once('open', () => {
      upstream.pause()
      settle({ kind: 'open', socket: upstream })
    })
    upstream.once('unexpected-response', (request, response) => {
      readRefusal(response)
        .then((body) => {
          settle({
            kind: 'refused',
            refusal: {
              status: response.statusCode ?? 502,
              contentType: response.headers['content-type'],
              body,
              reason: `provider refused the WebSocket with HTTP ${response.statusCode ?? '?'}`,
            },
          })
        })
        .finally(() => request.destroy())
    })
    upstream.on('error', (error) => settle({ kind: 'refused', refusal: unreachable(error) }))
  })
}

function unreachable(error: Error): UpstreamRefusal {
  const failure = /timed out/i.test(error.message)
    ? new GatewayError('upstream_timeout', 'the provider did not complete the WebSocket handshake in time')
    : new GatewayError('upstream_unreachable', error.message)
  return {
    status: failure.status,
    contentType: 'application/json',
    body: cloudflareErrorBody(failure),
    reason: failure.message,
  }
}

function readRefusal(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (): void => resolve(Buffer.concat(chunks, Math.min(size, MAX_REFUSAL_BODY)))
    response.on('data', (chunk: Buffer) => {
      if (size < MAX_REFUSAL_BODY) chunks.push(chunk.subarray(0, MAX_REFUSAL_BODY - size))
      size += chunk.length
      if (size >= MAX_REFUSAL_BODY) {
        response.destroy()
        done()
      }
    })
    response.once('end', done)
    response.once('error', done)
    response.once('close', done)
  })
}
