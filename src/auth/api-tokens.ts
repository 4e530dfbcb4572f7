import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiToken, Permission, TokenStore } from '../core/stores.js'

/** Generated tokens carry a recognisable prefix so secret scanners and humans can tell what they are. */
export const TOKEN_PREFIX = 'aigw_'

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(30).toString('base64url')
}

export function tokenPreview(secret: string): string {
  return `${secret.slice(0, 9)}…${secret.slice(-4)}`
}

/** Strips an optional `Bearer ` (any case) — F082 accepts the token with or without it. */
export function bareToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  // Runs on every request: a prefix check, not a regex.
  if (trimmed.length > 7 && trimmed.slice(0, 7).toLowerCase() === 'bearer ')
    return trimmed.slice(7).trimStart()
  return trimmed
}

export interface VerifiedToken {
  token: ApiToken
}

/**
 * Verifies API tokens by hash with a small in-process cache so the data plane pays one SHA-256 and one map
 * lookup per request. Revocation clears the cache entry at once (same process); `ttlMs` bounds staleness for
 * revocations made by other processes sharing the store.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { token: ApiToken | undefined; at: number }>()
  private readonly lastTouched = new Map<string, number>()

  constructor(
    private readonly store: TokenStore,
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  async verify(
    secret: string | undefined,
    accountId: string,
    needed: Permission,
  ): Promise<ApiToken | undefined> {
    if (!secret) return undefined
    const hash = hashToken(secret)
    const token = await this.lookup(hash)
    if (!token || token.accountId !== accountId) return undefined
    // The lookup was by hash; compare again in constant time so a cache or index quirk can never match a prefix.
    if (!timingSafeEqual(Buffer.from(token.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= this.now()) return undefined
    if (!token.permissions.includes(needed)) return undefined
    this.markUsed(token)
    return token
  }

  forget(hash?: string): void {
    if (hash === undefined) this.cache.clear()
    else this.cache.delete(hash)
  }

  private async lookup(hash: string): Promise<ApiToken | undefined> {
    const now = this.now()
    const hit = this.cache.get(hash)
    if (hit && now - hit.at < this.ttlMs) return hit.token
    const token = await this.store.findByHash(hash)
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(hash, { token, at: now })
    return token
  }

  /** last-used is informational: written at most once a minute per token, off the request path. */
  private markUsed(token: ApiToken): void {
    const now = this.now()
    const last = this.lastTouched.get(token.id) ?? 0
    if (now - last < 60_000) return
    this.lastTouched.set(token.id, now)
    void this.store.touch(token.id, new Date(now).toISOString()).catch(() => undefined)
  }
}
