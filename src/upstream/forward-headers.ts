import type { IncomingHttpHeaders } from 'node:http'

/** RFC 9110 §7.6.1 hop-by-hop headers plus those the proxy itself owns. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
  'expect',
  'http2-settings',
])

/** Consumed by the gateway (F031, F127) and never sent upstream. */
function isGatewayHeader(name: string): boolean {
  return (
    name.startsWith('cf-aig-') ||
    name === 'cf-cache-ttl' ||
    name === 'cf-skip-cache' ||
    name === 'x-fal-target-url'
  )
}

/**
 * Request headers for the upstream: everything the client sent except hop-by-hop headers, gateway controls
 * and any slot that carried the gateway's own token. Bodies are sent uncompressed-accepting so the gateway can
 * read usage from them.
 */
export function forwardRequestHeaders(
  headers: IncomingHttpHeaders,
  drop: readonly string[],
  bodyLength: number | null,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  const connectionListed = listedInConnection(headers.connection)
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    if (HOP_BY_HOP.has(name) || isGatewayHeader(name) || drop.includes(name) || connectionListed?.has(name))
      continue
    out[name] = value
  }
  out['accept-encoding'] = 'identity'
  if (bodyLength !== null) out['content-length'] = String(bodyLength)
  return out
}

const RESPONSE_DROP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'te',
])

export function forwardResponseHeaders(
  headers: Record<string, string | string[]>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined || RESPONSE_DROP.has(name)) continue
    out[name] = value
  }
  return out
}

function listedInConnection(value: string | undefined): Set<string> | undefined {
  if (!value) return undefined
  const names = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '' && part !== 'keep-alive' && part !== 'close')
  return names.length > 0 ? new Set(names) : undefined
}
