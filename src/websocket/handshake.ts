import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { cloudflareErrorBody, GatewayError } from '../core/errors.js'

/** One upgrade request as the http layer hands it over. */
export interface UpgradeRequest {
  message: IncomingMessage
  socket: Duplex
  head: Buffer
  accountId: string
  gatewayId: string
  /** Path after `/v1/{account}/{gateway}`, raw: empty or `/` for Universal, `/{provider}[/…]` for realtime. */
  tail: string
  /** Raw path of the request, without the query. */
  path: string
  /** `?…` or empty, raw. */
  search: string
}

/** An HTTP answer instead of `101 Switching Protocols`; the http layer writes it and closes the socket. */
export interface UpgradeRejection {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

const KEY = /^[+/0-9A-Za-z]{22}==$/
/** RFC 7230 token characters: what a subprotocol entry may contain (RFC 6455 §4.1). */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`|a-z~]+$/

/**
 * What `ws` would refuse anyway, checked before any provider is dialled so a malformed handshake never opens
 * an upstream connection (RFC 6455 §4.2.1).
 */
export function checkHandshake(method: string | undefined, headers: IncomingHttpHeaders): void {
  if (method !== 'GET') throw new GatewayError('method_not_allowed', 'a WebSocket handshake is a GET request')
  if (String(headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    throw new GatewayError('invalid_request', 'only WebSocket upgrades are served here (Upgrade: websocket)')
  }
  const key = headers['sec-websocket-key']
  if (key === undefined || !KEY.test(key.trim())) {
    throw new GatewayError('invalid_request', 'missing or malformed Sec-WebSocket-Key')
  }
  const version = headers['sec-websocket-version']
  if (version !== '13' && version !== '8') {
    throw new GatewayError('invalid_request', 'Sec-WebSocket-Version must be 13')
  }
  checkOfferedTokens(headers['sec-websocket-protocol'])
}

function checkOfferedTokens(header: string | string[] | undefined): void {
  if (header === undefined) return
  const seen = new Set<string>()
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const entry = part.trim()
    if (!TOKEN.test(entry) || seen.has(entry)) {
      throw new GatewayError(
        'invalid_request',
        'Sec-WebSocket-Protocol must list distinct tokens (credentials as <name>.<value>, no spaces)',
      )
    }
    seen.add(entry)
  }
}

export function rejection(error: GatewayError, ids: Record<string, string> = {}): UpgradeRejection {
  const headers: Record<string, string> = { ...ids, 'content-type': 'application/json' }
  if (error.kind === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="aigw"'
  if (error.kind === 'invalid_request' && /Sec-WebSocket-Version/.test(error.message)) {
    headers['sec-websocket-version'] = '13, 8'
  }
  if (error.headers) Object.assign(headers, error.headers)
  return { status: error.status, headers, body: cloudflareErrorBody(error) }
}
