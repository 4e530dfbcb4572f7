import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from '../core/errors.js'
import type { AuthScheme } from './define.js'

/**
 * Where clients put a provider key besides the provider's own scheme, per providers.md:
 * the Anthropic SDK 1.x sends its `apiKey` as `Authorization: Bearer`; Grok is also called with the
 * Anthropic SDK (`x-api-key`); Parallel is called with the OpenAI SDK; Cartesia's API also takes Bearer.
 */
const EXTRA_SLOTS: Readonly<Record<string, readonly string[]>> = {
  anthropic: ['authorization'],
  grok: ['x-api-key'],
  parallel: ['authorization'],
  cartesia: ['authorization'],
}

/**
 * Lower-case header names that may carry a provider key (or, in BYOK mode, the gateway's own token,
 * F018/F083) for a provider with this auth scheme. Which one holds the gateway token is decided by
 * looking the value up among the gateway's tokens, never by position. Bedrock's SigV4 headers are never
 * a key slot (F028).
 */
export function keySlots(auth: AuthScheme, slug?: string): string[] {
  const own =
    auth.type === 'header' ? [auth.name] : auth.type === 'signed-passthrough' ? [] : ['authorization']
  const extra = slug === undefined ? [] : (EXTRA_SLOTS[slug] ?? [])
  return [...own, ...extra.filter((slot) => !own.includes(slot))]
}

type HeaderBag = IncomingHttpHeaders | Record<string, string | string[] | undefined>

function headerValue(headers: HeaderBag, name: string): string | undefined {
  const direct = headers[name]
  const value =
    direct ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? undefined
  return Array.isArray(value) ? value[0] : value
}

/** An auth scheme word followed by the credential (`Bearer x`, `Token x`, `Key x`). */
const SCHEMED = /^[A-Za-z][A-Za-z0-9._~+-]*\s+(\S.*)$/
const BEARER = /^bearer\s+(\S.*)$/i

/**
 * The credential in `slot`, without its scheme word: `Authorization` may use any scheme
 * (`Bearer`, Cohere/Deepgram `Token`, Fal `Key`) or none; other slots only lose a `Bearer ` prefix.
 */
export function readKeyFromSlot(headers: HeaderBag, slot: string): string | undefined {
  const raw = headerValue(headers, slot.toLowerCase())?.trim()
  if (raw === undefined || raw === '') return undefined
  const match = (slot.toLowerCase() === 'authorization' ? SCHEMED : BEARER).exec(raw)
  const key = (match?.[1] ?? raw).trim()
  return key === '' ? undefined : key
}

/**
 * Writes a stored key (BYOK, F083) the way the provider expects, after removing every key slot of the
 * provider so neither the gateway token nor a stale client key travels upstream. Mutates and returns
 * `headers`.
 */
export function injectKey(
  headers: Record<string, string>,
  auth: AuthScheme,
  key: string,
  slug?: string,
): Record<string, string> {
  if (auth.type === 'signed-passthrough') {
    throw new GatewayError(
      'invalid_request',
      'Amazon Bedrock requests are SigV4-signed by the client; a stored key cannot be injected',
    )
  }
  // CR/LF or other control characters would split or corrupt the upstream request.
  if (key === '' || hasControlCharacter(key)) {
    throw new GatewayError('invalid_request', 'stored provider key is empty or contains control characters')
  }
  const slots = new Set(keySlots(auth, slug))
  for (const name of Object.keys(headers)) {
    if (slots.has(name.toLowerCase())) delete headers[name]
  }
  if (auth.type === 'header') headers[auth.name] = key
  else if (auth.type === 'scheme') headers.authorization = `${auth.scheme} ${key}`
  else headers.authorization = `Bearer ${key}`
  return headers
}

function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}
