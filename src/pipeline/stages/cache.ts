import { Readable } from 'node:stream'
import { computeCacheKey, customCacheKey } from '../../cache/cache-key.js'
import { cachePolicy, type CachePolicy } from '../../cache/cache-policy.js'
import { gatewayTag, providerTag } from '../../cache/cache-tags.js'
import { carriesError, isCacheableResponse, storedHeaders } from '../../cache/cacheable-response.js'
import { captureBody } from '../../cache/capture.js'
import { waitBounded } from '../../cache/coalescer.js'
import { headerValue } from '../../core/controls.js'
import type { CacheEntry } from '../../core/stores.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

export const CACHE_STATUS_HEADER = 'cf-aig-cache-status'

/** Headers that carry a provider credential upstream; their values (hashed) keep users' entries apart. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'xi-api-key']

/**
 * First attempt stage (F154–F168): a hit is answered here, before rate limiting (F164) and without an
 * upstream call; a miss goes on and its successful response is stored as it streams to the client.
 * Identical concurrent misses share the first one's upstream call; those that waited are served as HITs
 * since they made no call of their own. `cf-aig-skip-cache` skips the read but still stores (F112).
 */
export async function cache(attempt: AttemptContext, next: Next<Reply>): Promise<Reply> {
  const context = attempt.request
  const controls = attempt.controls
  const policy = cachePolicy({
    method: attempt.method,
    stream: attempt.stream,
    requestTtl: controls.cacheTtl,
    gatewayTtl: context.gateway?.cache_ttl,
    customKey: controls.cacheKey !== undefined,
    signed: attempt.provider.auth.type === 'signed-passthrough',
  })
  if (!policy) return next()
  const responseCache = context.services.cache
  const key =
    controls.cacheKey !== undefined
      ? customCacheKey(context.accountId, context.gatewayId, controls.cacheKey)
      : computeCacheKey({
          accountId: context.accountId,
          gatewayId: context.gatewayId,
          provider: attempt.provider.slug,
          method: attempt.method,
          url: attempt.url,
          headers: attempt.headers,
          body: attempt.body,
          // Passthrough already parsed exactly these bytes; other callers' bodies are parsed here.
          parsedBody: attempt.body !== null && attempt.body === context.body ? context.json : undefined,
          credential: credentialOf(attempt),
        })
  if (controls.skipCache) return miss(attempt, next, key, policy, undefined)

  const found = await responseCache.lookup(key)
  if (found) return hit(attempt, found)
  const claim = responseCache.inflight.claim(key)
  if (claim.role === 'leader') return miss(attempt, next, key, policy, claim.settle)
  const shared = await waitBounded(claim.result, responseCache.options.coalesceWaitMs, context.request.signal)
  if (shared) return hit(attempt, shared)
  if (!context.request.signal.aborted) responseCache.inflight.release(key, claim.result)
  // The leader got no storable response (an error, too large, its client left): no error is fanned out,
  // each follower makes its own call.
  return miss(attempt, next, key, policy, undefined)
}

/**
 * What identifies the payer: the credential headers going upstream (so two users' keys never share an
 * entry), the client's own Vertex credential rather than the short-lived token minted from it, and the
 * BYOK alias when a stored key is chosen by name.
 */
function credentialOf(attempt: AttemptContext): string {
  const incoming = attempt.request.request.headers
  const parts: string[] = []
  const auth = attempt.provider.auth
  const names = auth.type === 'header' ? [...CREDENTIAL_HEADERS, auth.name] : CREDENTIAL_HEADERS
  for (const name of names) {
    const value =
      auth.type === 'vertex' && name === 'authorization'
        ? headerValue(incoming, 'authorization')
        : attempt.headers[name]
    if (value !== undefined) parts.push(`${name}=${Array.isArray(value) ? value.join(',') : value}`)
  }
  const alias = headerValue(incoming, 'cf-aig-byok-alias')
  if (alias !== undefined) parts.push(`byok-alias=${alias}`)
  return parts.join('\n')
}

function hit(attempt: AttemptContext, entry: CacheEntry): Reply {
  const context = attempt.request
  context.cached = true
  context.replyHeaders[CACHE_STATUS_HEADER] = 'HIT'
  return {
    status: entry.status,
    headers: { ...entry.headers, 'content-length': String(entry.body.length) },
    // A stream (not a Buffer) because callers such as /compat read and pipe an attempt's body.
    body: Readable.from([entry.body], { objectMode: false }),
  }
}

async function miss(
  attempt: AttemptContext,
  next: Next<Reply>,
  key: string,
  policy: CachePolicy,
  settle: ((entry: CacheEntry | undefined) => void) | undefined,
): Promise<Reply> {
  const context = attempt.request
  const responseCache = context.services.cache
  context.cached = false
  context.replyHeaders[CACHE_STATUS_HEADER] = 'MISS'
  let reply: Reply
  try {
    reply = await next()
  } catch (error) {
    settle?.(undefined)
    throw error
  }
  const maxBytes = responseCache.options.maxEntryBytes
  if (!isCacheableResponse(reply.status, reply.headers, { streamable: policy.streamable, maxBytes })) {
    settle?.(undefined)
    return reply
  }
  const { status } = reply
  const headers = storedHeaders(reply.headers)
  const tags = [providerTag(attempt.provider.slug), gatewayTag(context.accountId, context.gatewayId)]
  reply.body = captureBody(reply.body, maxBytes, (body) => {
    if (!body || carriesError(body, headers)) return settle?.(undefined)
    const entry: CacheEntry = { status, headers, body, tags }
    settle?.(entry)
    responseCache.save(key, entry, policy.ttlSeconds)
  })
  return reply
}
