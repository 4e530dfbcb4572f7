/**
 * `Sec-WebSocket-Protocol` handling (F048, F057). Browsers cannot set headers on a WebSocket handshake, so
 * credentials travel as offered subprotocol entries of the form `<name>.<value>`: the gateway's own
 * `cf-aig-authorization.<token>` and provider keys such as `xi-api-key.<key>` or `fal-api-key.<key>`.
 */

export const GATEWAY_AUTH_ENTRY = 'cf-aig-authorization'

/** A neutral entry clients may offer so the gateway never has to echo a credential (docs/decisions). */
export const NEUTRAL_ENTRY = 'aigw'

/** Entry names that always carry a secret, gateway or provider. */
const KNOWN_SECRET_NAMES = new Set([
  GATEWAY_AUTH_ENTRY,
  'xi-api-key',
  'fal-api-key',
  'openai-insecure-api-key',
])

/** Anything named like a credential is treated as one; the cost of a false positive is only a worse choice. */
const SECRET_NAME = /(?:auth|key|token|secret|password|bearer)/i

export interface OfferedEntry {
  /** The entry exactly as offered. */
  raw: string
  /** Lower-cased part before the first `.`, or the whole entry when it has none. */
  name: string
  /** Part after the first `.`; undefined when the entry has no `.`. */
  value: string | undefined
}

/** Parses the offered list: the header may repeat and each occurrence is comma-separated (RFC 6455 §11.3.4). */
export function parseOffered(header: string | string[] | undefined): OfferedEntry[] {
  if (header === undefined) return []
  const joined = Array.isArray(header) ? header.join(',') : header
  const entries: OfferedEntry[] = []
  for (const part of joined.split(',')) {
    const raw = part.trim()
    if (raw === '') continue
    const dot = raw.indexOf('.')
    entries.push({
      raw,
      name: (dot === -1 ? raw : raw.slice(0, dot)).toLowerCase(),
      value: dot === -1 ? undefined : raw.slice(dot + 1),
    })
  }
  return entries
}

export function isSecretEntry(entry: OfferedEntry): boolean {
  if (KNOWN_SECRET_NAMES.has(entry.name)) return true
  return entry.value !== undefined && SECRET_NAME.test(entry.name)
}

/** The value of the first `<name>.<value>` entry with a non-empty value. */
export function entryValue(entries: readonly OfferedEntry[], name: string): string | undefined {
  for (const entry of entries) {
    if (entry.name === name && entry.value !== undefined && entry.value !== '') return entry.value
  }
  return undefined
}

/**
 * Which offered entry the gateway answers with. RFC 6455 lets a server select none, but the WHATWG
 * WebSocket algorithm (and the `ws` client, "Server sent no subprotocol") fails the connection when the
 * client offered protocols and the response names none, so a selection is required whenever anything was
 * offered. Preference:
 *
 * 1. what the upstream selected (realtime), since the client must speak the upstream's protocol;
 * 2. the first offered entry that carries no secret (`aigw`, OpenAI's `realtime`, …);
 * 3. only when every offered entry is a credential: the client's own `cf-aig-authorization.<token>` entry,
 *    just verified, then any other entry. The documented examples offer nothing else (Google, Cartesia,
 *    ElevenLabs, Fal), and refusing to echo would make every one of them fail; the value goes back only to
 *    the client that sent it, on the same connection.
 */
export function chooseSubprotocol(
  offered: readonly OfferedEntry[],
  upstreamSelected?: string,
): string | undefined {
  if (offered.length === 0) return undefined
  if (upstreamSelected !== undefined && upstreamSelected !== '') {
    const match = offered.find((entry) => entry.raw === upstreamSelected)
    if (match) return match.raw
  }
  const neutral = offered.find((entry) => !isSecretEntry(entry))
  if (neutral) return neutral.raw
  const own = offered.find((entry) => entry.name === GATEWAY_AUTH_ENTRY)
  return (own ?? offered[0]!).raw
}
