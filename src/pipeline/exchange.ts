import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'

/**
 * The data plane's own request/response pair. Node streams and plain header objects rather than WHATWG
 * Request/Response: on Node 20 those cost more per request than the whole passthrough budget
 * (docs/decisions/0002-node-streams-on-the-hot-path.md).
 */
export interface InboundRequest {
  method: string
  /** Raw path, never decoded. */
  path: string
  /** `?…` or empty. */
  search: string
  headers: IncomingHttpHeaders
  /** Reads the whole body, failing with payload_too_large past `limit` bytes. Memoised. */
  readBody(limit: number): Promise<Buffer>
  /** Aborted when the client goes away. */
  signal: AbortSignal
}

/** Sees every response byte on its way to the client; runs on the hot path, so it must stay cheap. */
export interface BodyObserver {
  chunk(chunk: Buffer): void
  /** Called exactly once: after the last byte, on upstream error, or when the client disconnected. */
  end(outcome: 'complete' | 'error' | 'client-closed', error?: unknown): void
}

export type ReplyBody = Readable | Buffer | string | null

export interface Reply {
  status: number
  headers: Record<string, string | string[]>
  body: ReplyBody
  observer?: BodyObserver
}

export function jsonReply(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body }
}
