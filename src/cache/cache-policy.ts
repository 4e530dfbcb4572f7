import { clampCacheTtl } from '../core/step-controls.js'

/** F158: a custom cache key on a gateway without caching keeps its response this long. */
export const CUSTOM_KEY_DEFAULT_TTL_S = 300

export interface CachePolicyInput {
  method: string
  /** The step's upstream call streams (F161). */
  stream: boolean
  /** `cf-aig-cache-ttl` after step precedence and clamping; 0 = off; undefined = not given. */
  requestTtl: number | undefined
  /** The gateway's `cache_ttl` (0 or null = caching off, F154). */
  gatewayTtl: number | null | undefined
  customKey: boolean
  /**
   * The request is signed by the client (Bedrock SigV4): its signature changes per request and the gateway
   * cannot verify it, so only a custom key may cache it.
   */
  signed: boolean
}

export interface CachePolicy {
  ttlSeconds: number
  /** Whether a streamed (event-stream) response may be stored. */
  streamable: boolean
}

/**
 * Whether this step's response may come from and go to the cache, and for how long (F111, F154, F158,
 * F161, F341). A streamed step is cached only when the request itself asked for a TTL: a gateway-wide TTL
 * keeps Cloudflare's "streams are not cached" default.
 */
export function cachePolicy(input: CachePolicyInput): CachePolicy | undefined {
  const method = input.method.toUpperCase()
  if (method !== 'POST' && method !== 'GET') return undefined
  if (input.signed && !input.customKey) return undefined
  const explicit = input.requestTtl !== undefined
  if (input.stream && !explicit) return undefined
  const gatewayTtl = input.gatewayTtl ? clampCacheTtl(input.gatewayTtl) : 0
  const ttlSeconds =
    input.requestTtl ?? (gatewayTtl > 0 ? gatewayTtl : input.customKey ? CUSTOM_KEY_DEFAULT_TTL_S : 0)
  if (ttlSeconds <= 0) return undefined
  return { ttlSeconds, streamable: explicit }
}
