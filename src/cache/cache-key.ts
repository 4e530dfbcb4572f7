import { createHash, type Hash } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'

/** Bumped whenever the key material changes, so old entries simply stop matching. */
const KEY_VERSION = 'v1'

/**
 * Request headers that change what the upstream answers (API version, beta features, organisation, content
 * negotiation). SDK telemetry (`x-stainless-*`, `user-agent`) is deliberately absent: it varies per client
 * version and would stop identical requests from sharing an entry.
 */
export const KEYED_HEADERS: readonly string[] = [
  'accept',
  'accept-encoding',
  'content-type',
  'anthropic-version',
  'anthropic-beta',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'x-goog-user-project',
]

export interface CacheKeyInput {
  accountId: string
  gatewayId: string
  provider: string
  method: string
  /** The upstream URL (host, path and query: Azure's `api-version` and resource live there). */
  url: string
  headers: Readonly<Record<string, string | string[] | undefined>>
  body: Buffer | null
  /** `body` already parsed, when a stage did so (saves parsing it again for a JSON body). */
  parsedBody?: unknown
  /** Secret material identifying who pays for the call; only its digest enters the key. */
  credential: string
}

function field(hash: Hash, value: string | Buffer): void {
  // Length-prefixed, so no two different field lists can concatenate to the same bytes.
  const bytes = typeof value === 'string' ? Buffer.from(value) : value
  hash.update(`${bytes.length}:`)
  hash.update(bytes)
}

function headerText(value: string | string[] | undefined): string {
  if (value === undefined) return ''
  return Array.isArray(value) ? value.join(', ') : value
}

function isJson(contentType: string): boolean {
  const base = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return base === 'application/json' || base.endsWith('+json')
}

/** JSON bodies hash by meaning (key order and whitespace do not matter); anything else by its bytes. */
export function bodyMaterial(body: Buffer | null, contentType: string, parsed?: unknown): string | Buffer {
  if (!body || body.length === 0) return ''
  if (!isJson(contentType)) return body
  if (parsed !== undefined) return canonicalJson(parsed)
  try {
    return canonicalJson(JSON.parse(body.toString('utf8')))
  } catch {
    return body
  }
}

/** F157: an entry is shared only by requests to the same gateway, provider, URL, body, credential and API options. */
export function computeCacheKey(input: CacheKeyInput): string {
  const hash = createHash('sha256')
  field(hash, KEY_VERSION)
  field(hash, input.accountId)
  field(hash, input.gatewayId)
  field(hash, input.provider)
  field(hash, input.method.toUpperCase())
  field(hash, input.url)
  for (const name of KEYED_HEADERS) field(hash, headerText(input.headers[name]))
  field(hash, createHash('sha256').update(input.credential).digest('hex'))
  field(hash, bodyMaterial(input.body, headerText(input.headers['content-type']), input.parsedBody))
  return `${KEY_VERSION}:${hash.digest('hex')}`
}

/**
 * F113/F158: `cf-aig-cache-key` replaces the computed key, so requests naming the same key share one entry
 * whatever their bodies or credentials; the gateway still scopes it, so another tenant's key never collides.
 */
export function customCacheKey(accountId: string, gatewayId: string, key: string): string {
  const hash = createHash('sha256')
  field(hash, KEY_VERSION)
  field(hash, 'custom')
  field(hash, accountId)
  field(hash, gatewayId)
  field(hash, key)
  return `${KEY_VERSION}:custom:${hash.digest('hex')}`
}
