import { createHash, createPrivateKey, createSign, type KeyObject } from 'node:crypto'
import { request, type Dispatcher } from 'undici'
import { systemClock, type Clock } from '../../core/clock.js'
import { GatewayError } from '../../core/errors.js'
import type { ServiceAccountKey } from './service-account.js'

export { GOOGLE_TOKEN_URI, parseServiceAccount, parseVertexCredential } from './service-account.js'
export type { ServiceAccountKey } from './service-account.js'

export const VERTEX_SCOPE = 'https://www.googleapis.com/auth/cloud-platform'
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const ASSERTION_LIFETIME_S = 3600
/** Tokens are replaced this long before Google says they expire, so none expires mid-request. */
export const REFRESH_MARGIN_MS = 60_000
/** Used when a token response omits `expires_in`: short enough to be safe, long enough to be useful. */
const FALLBACK_LIFETIME_S = 300
/** Header mode lets callers present arbitrary accounts; the cache must not grow without bound. */
const DEFAULT_MAX_CACHED = 1000
const GOOGLE_TOKEN_HOSTS = new Set(['oauth2.googleapis.com', 'www.googleapis.com', 'accounts.google.com'])

export interface VertexTokenMinterOptions {
  clock?: Clock
  /** Send every exchange here instead of the account's `token_uri` (tests, private mirrors). */
  tokenUri?: string
  /**
   * Follow any http(s) `token_uri` a service account names. Off by default: the JSON may come from a
   * request header, and following it would let callers make the gateway POST anywhere.
   */
  allowAnyTokenUri?: boolean
  dispatcher?: Dispatcher
  timeoutMs?: number
  maxCachedTokens?: number
}

interface CachedToken {
  token: string
  expiresAt: number
}

/**
 * F033 / providers.md row 23: exchanges Google service-account keys for OAuth access tokens (RS256 JWT
 * bearer grant), caches each until {@link REFRESH_MARGIN_MS} before expiry and shares one exchange among
 * concurrent callers. The cache is keyed by `client_email` together with a hash of the private key and
 * token endpoint, so a forged JSON that only repeats someone's `client_email` never receives their token.
 */
export class VertexTokenMinter {
  private readonly cache = new Map<string, CachedToken>()
  private readonly pending = new Map<string, Promise<string>>()
  private readonly clock: Clock
  private readonly maxCached: number

  constructor(private readonly options: VertexTokenMinterOptions = {}) {
    this.clock = options.clock ?? systemClock
    this.maxCached = options.maxCachedTokens ?? DEFAULT_MAX_CACHED
  }

  async accessToken(account: ServiceAccountKey): Promise<string> {
    const endpoint = this.endpointFor(account)
    const key = createHash('sha256')
      .update(`${account.client_email}\0${account.private_key}\0${endpoint}`)
      .digest('hex')
    const cached = this.cache.get(key)
    if (cached && this.clock.now() < cached.expiresAt - REFRESH_MARGIN_MS) return cached.token
    const inFlight = this.pending.get(key)
    if (inFlight) return inFlight
    const exchange = this.exchange(account, endpoint)
      .then((fresh) => {
        this.remember(key, fresh)
        return fresh.token
      })
      .finally(() => this.pending.delete(key))
    this.pending.set(key, exchange)
    return exchange
  }

  /** Drops every cached token (e.g. after a BYOK key is replaced). */
  clear(): void {
    this.cache.clear()
  }

  private endpointFor(account: ServiceAccountKey): string {
    if (this.options.tokenUri !== undefined) return this.options.tokenUri
    let url: URL
    try {
      url = new URL(account.token_uri)
    } catch {
      throw new GatewayError(
        'invalid_request',
        'Vertex AI service account: "token_uri" is not an absolute URL',
      )
    }
    const trusted = this.options.allowAnyTokenUri
      ? url.protocol === 'https:' || url.protocol === 'http:'
      : url.protocol === 'https:' && GOOGLE_TOKEN_HOSTS.has(url.hostname)
    if (!trusted) {
      throw new GatewayError(
        'forbidden_target',
        `Vertex AI service account: "token_uri" ${account.token_uri} is not a Google OAuth endpoint`,
      )
    }
    return account.token_uri
  }

  private remember(key: string, token: CachedToken): void {
    this.cache.delete(key)
    if (this.cache.size >= this.maxCached) {
      const now = this.clock.now()
      for (const [other, entry] of this.cache)
        if (entry.expiresAt - REFRESH_MARGIN_MS <= now) this.cache.delete(other)
    }
    const oldest = this.cache.keys().next()
    if (this.cache.size >= this.maxCached && !oldest.done) this.cache.delete(oldest.value)
    this.cache.set(key, token)
  }

  private async exchange(account: ServiceAccountKey, endpoint: string): Promise<CachedToken> {
    const issuedAt = Math.floor(this.clock.now() / 1000)
    const assertion = signJwt(
      {
        iss: account.client_email,
        scope: VERTEX_SCOPE,
        aud: account.token_uri,
        iat: issuedAt,
        exp: issuedAt + ASSERTION_LIFETIME_S,
      },
      privateKey(account.private_key),
    )
    const { status, text } = await this.post(
      endpoint,
      new URLSearchParams({ grant_type: GRANT_TYPE, assertion }),
    )
    return parseTokenResponse(status, text, account.client_email, this.clock.now())
  }

  private async post(endpoint: string, form: URLSearchParams): Promise<{ status: number; text: string }> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 10_000)
    try {
      const response = await request(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      })
      return { status: response.statusCode, text: await response.body.text() }
    } catch (error) {
      if (signal.aborted) {
        throw new GatewayError('upstream_timeout', 'Vertex AI token exchange timed out', { cause: error })
      }
      const reason = error instanceof Error ? error.message : String(error)
      throw new GatewayError('upstream_unreachable', `Vertex AI token endpoint: ${reason}`, { cause: error })
    }
  }
}

function privateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem)
  } catch (error) {
    throw new GatewayError(
      'invalid_request',
      'Vertex AI service account: "private_key" is not a PEM private key',
      {
        cause: error,
      },
    )
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

export function signJwt(claims: Record<string, string | number>, key: KeyObject): string {
  const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`
  const signature = createSign('RSA-SHA256').update(input).end().sign(key)
  return `${input}.${base64url(signature)}`
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function parseTokenResponse(status: number, text: string, email: string, now: number): CachedToken {
  const body = parseJson(text)
  if (status >= 500) {
    throw new GatewayError('upstream_unreachable', `Vertex AI token endpoint answered ${status}`)
  }
  if (status !== 200) {
    const reason = [body?.error, body?.error_description]
      .filter((part) => typeof part === 'string')
      .join(': ')
    throw new GatewayError(
      'unauthorized',
      `Google rejected the Vertex AI service account ${email} (${status}${reason ? ` ${reason}` : ''})`,
    )
  }
  const token = body?.access_token
  if (typeof token !== 'string' || token === '') {
    throw new GatewayError(
      'upstream_unreachable',
      'Vertex AI token endpoint answered without an access_token',
    )
  }
  const expiresIn = body?.expires_in
  const lifetime = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : FALLBACK_LIFETIME_S
  return { token, expiresAt: now + lifetime * 1000 }
}
