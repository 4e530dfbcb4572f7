import type { RawData, WebSocket } from 'ws'
import { CLOSE_BAD_GATEWAY, CLOSE_GOING_AWAY, relayedClose } from './close-codes.js'
import { Outbox } from './flow.js'

export interface BridgeStats {
  framesFromClient: number
  bytesFromClient: number
  framesFromUpstream: number
  bytesFromUpstream: number
}

export interface BridgeEnd {
  /** Who closed first; `gateway` when the gateway ended the session (shutdown). */
  closedBy: 'client' | 'upstream' | 'gateway'
  code: number
  reason: string
  /** The first socket error seen, if any. */
  error: string | undefined
}

type FrameHook = (data: Buffer, binary: boolean) => void

export interface BridgeHooks {
  fromClient?: FrameHook
  fromUpstream?: FrameHook
}

export interface Bridge {
  stats: BridgeStats
  /** Resolves once both sockets are closed. */
  done: Promise<BridgeEnd>
  /** Ends the session from the gateway's side: a close frame to both peers. */
  close(code: number, reason: string): void
  /** Drops both connections without a close handshake. */
  terminate(): void
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.isBuffer(data) ? data : Buffer.from(data)
}

/** Forwards every frame of `from` to `to`, pausing `from` while `to` is congested. */
function relay(from: WebSocket, to: Outbox, count: (bytes: number) => void, hook?: FrameHook): void {
  from.on('message', (data, binary) => {
    const buffer = toBuffer(data)
    count(buffer.length)
    hook?.(buffer, binary)
    if (!to.send(buffer, binary)) {
      from.pause()
      to.whenDrained(() => from.resume())
    }
  })
}

/**
 * F056: relays text and binary frames both ways unchanged. Each direction reads only while the other side's
 * send buffer is below the high-water mark, so a slow client slows the provider instead of filling memory.
 * A close on either side is relayed with its code and reason (close-codes.ts).
 */
export function bridgeSockets(client: WebSocket, upstream: WebSocket, hooks: BridgeHooks = {}): Bridge {
  const stats: BridgeStats = {
    framesFromClient: 0,
    bytesFromClient: 0,
    framesFromUpstream: 0,
    bytesFromUpstream: 0,
  }
  relay(
    client,
    new Outbox(upstream),
    (bytes) => {
      stats.framesFromClient += 1
      stats.bytesFromClient += bytes
    },
    hooks.fromClient,
  )
  relay(
    upstream,
    new Outbox(client),
    (bytes) => {
      stats.framesFromUpstream += 1
      stats.bytesFromUpstream += bytes
    },
    hooks.fromUpstream,
  )

  let end: BridgeEnd | undefined
  let error: string | undefined
  let closedSockets = 0
  let resolveDone!: (end: BridgeEnd) => void
  const done = new Promise<BridgeEnd>((resolve) => (resolveDone = resolve))
  const onClose =
    (side: 'client' | 'upstream', other: WebSocket, whenLost: number) => (code: number, reason: Buffer) => {
      end ??= { closedBy: side, code, reason: reason.toString('utf8'), error }
      closeSocket(other, relayedClose(code, reason, whenLost))
      closedSockets += 1
      if (closedSockets === 2) resolveDone({ ...end, error: end.error ?? error })
    }
  client.once('close', onClose('client', upstream, CLOSE_GOING_AWAY))
  upstream.once('close', onClose('upstream', client, CLOSE_BAD_GATEWAY))
  const onError = (side: string) => (failure: Error) => {
    error ??= `${side}: ${failure.message}`
  }
  client.on('error', onError('client'))
  upstream.on('error', onError('upstream'))

  return {
    stats,
    done,
    close(code, reason) {
      end ??= { closedBy: 'gateway', code, reason, error }
      closeSocket(client, { code, reason: Buffer.from(reason) })
      closeSocket(upstream, { code, reason: Buffer.from(reason) })
    },
    terminate() {
      client.terminate()
      upstream.terminate()
    },
  }
}

/** A paused socket cannot read the peer's answering close frame, so it is resumed first. */
function closeSocket(socket: WebSocket, close: { code?: number; reason?: Buffer }): void {
  if (socket.readyState === socket.CLOSING || socket.readyState === socket.CLOSED) return
  socket.resume()
  if (close.code === undefined) socket.close()
  else socket.close(close.code, close.reason)
}
