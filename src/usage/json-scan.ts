import { isObject, type JsonObject } from './usage-shapes.js'

/**
 * Finding values in JSON text that cannot be parsed as a whole: a body cut to head + tail, or an SSE event too
 * large for the kept tail. A `"key":` found this way is always a real key, never text inside a string,
 * because quotes inside JSON strings are escaped.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
/** Usage objects are small; a longer span after the key is not one. */
const MAX_OBJECT_CHARS = 64 * 1024
const MAX_CANDIDATES = 16

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

function skipSpace(text: string, index: number): number {
  let i = index
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  return i
}

/** Index of the bracket closing the object or array opening at `start`, or -1 if the text ends first. */
export function matchBracket(text: string, start: number, maxChars = MAX_OBJECT_CHARS): number {
  let depth = 0
  let inString = false
  const end = Math.min(text.length, start + maxChars)
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === BACKSLASH) i++
      else if (code === QUOTE) inString = false
    } else if (code === QUOTE) {
      inString = true
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** Position just after `"key"` and its colon (and spaces), or -1 when `at` is not followed by a colon. */
export function valueStart(text: string, at: number, key: string): number {
  const afterKey = skipSpace(text, at + key.length + 2)
  if (text.charCodeAt(afterKey) !== 0x3a) return -1
  return skipSpace(text, afterKey + 1)
}

export interface FoundObject {
  value: JsonObject
  /** Where the key was found; callers compare positions to prefer the latest report. */
  index: number
}

/** The last complete `"key": {…}` in `text` whose object satisfies `accept`, scanning backwards. */
export function lastObjectForKey(
  text: string,
  key: string,
  accept: (value: JsonObject) => boolean,
): FoundObject | undefined {
  const needle = `"${key}"`
  let at = text.lastIndexOf(needle)
  for (let tries = 0; at !== -1 && tries < MAX_CANDIDATES; tries++) {
    const start = valueStart(text, at, key)
    if (start !== -1 && text.charCodeAt(start) === OPEN_BRACE) {
      const end = matchBracket(text, start)
      if (end !== -1) {
        const value = parseJson(text.slice(start, end + 1))
        if (isObject(value) && accept(value)) return { value, index: at }
      }
    }
    at = at === 0 ? -1 : text.lastIndexOf(needle, at - 1)
  }
  return undefined
}

function stringAt(text: string, start: number): string | undefined {
  if (text.charCodeAt(start) !== QUOTE) return undefined
  const limit = Math.min(text.length, start + 1024)
  for (let i = start + 1; i < limit; i++) {
    const code = text.charCodeAt(i)
    if (code === BACKSLASH) i++
    else if (code === QUOTE) {
      const value = parseJson(text.slice(start, i + 1))
      return typeof value === 'string' && value !== '' ? value : undefined
    }
  }
  return undefined
}

/** The first (or last) string value of `"key"` in `text`. */
export function stringForKey(text: string, key: string, from: 'first' | 'last'): string | undefined {
  const needle = `"${key}"`
  let at = from === 'first' ? text.indexOf(needle) : text.lastIndexOf(needle)
  for (let tries = 0; at !== -1 && tries < MAX_CANDIDATES; tries++) {
    const start = valueStart(text, at, key)
    const value = start === -1 ? undefined : stringAt(text, start)
    if (value !== undefined) return value
    if (from === 'first') at = text.indexOf(needle, at + 1)
    else at = at === 0 ? -1 : text.lastIndexOf(needle, at - 1)
  }
  return undefined
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
