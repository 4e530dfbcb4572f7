/**
 * Edits a raw query string without re-encoding the parameters it leaves alone, so everything the client sent
 * reaches the provider byte for byte (F059). `search` is `?…` or empty.
 */
export interface RawQuery {
  get(name: string): string | undefined
  has(name: string): boolean
  /** Removes every occurrence of `name`; returns the first decoded value. */
  take(name: string): string | undefined
  /** Renames the first occurrence of `from` to `to`, keeping its encoded value as sent. */
  rename(from: string, to: string): void
  toString(): string
}

interface Part {
  name: string
  raw: string
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

export function rawQuery(search: string): RawQuery {
  const body = search.startsWith('?') ? search.slice(1) : search
  let parts: Part[] = body === '' ? [] : body.split('&').map((raw) => ({ raw, name: decode(nameOf(raw)) }))
  const valueOf = (part: Part): string => {
    const equals = part.raw.indexOf('=')
    return equals === -1 ? '' : decode(part.raw.slice(equals + 1))
  }
  return {
    get(name) {
      const part = parts.find((candidate) => candidate.name === name)
      return part ? valueOf(part) : undefined
    },
    has(name) {
      return parts.some((candidate) => candidate.name === name)
    },
    take(name) {
      const value = this.get(name)
      parts = parts.filter((candidate) => candidate.name !== name)
      return value
    },
    rename(from, to) {
      const part = parts.find((candidate) => candidate.name === from)
      if (!part) return
      const equals = part.raw.indexOf('=')
      part.raw = `${encodeURIComponent(to)}${equals === -1 ? '' : part.raw.slice(equals)}`
      part.name = to
    },
    toString() {
      const kept = parts.filter((part) => part.raw !== '')
      return kept.length === 0 ? '' : `?${kept.map((part) => part.raw).join('&')}`
    },
  }
}

function nameOf(raw: string): string {
  const equals = raw.indexOf('=')
  return equals === -1 ? raw : raw.slice(0, equals)
}
