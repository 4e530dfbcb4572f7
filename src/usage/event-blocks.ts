/**
 * Locating single events in stream text without parsing the others: an SSE event is a block ended by a blank
 * line, an NDJSON event a line. Used to parse only the few events that can carry usage.
 */
export type Framing = 'sse' | 'lines'

/** A stretch of a body's text and whether its edges are real event boundaries or cuts. */
export interface Stretch {
  text: string
  /** The text begins at the start of an event (body start), not in the middle of one (a kept tail). */
  startsAtBoundary: boolean
  /** The text ends where the body ends (a final event needs no trailing blank line). */
  endIsFinal: boolean
}

export interface Block {
  start: number
  end: number
}

const LF = 0x0a
const CR = 0x0d
/** Longest separator (`\r\n\r\n`); the SSE separators are `\n\n`, `\r\n\r\n` and `\r\r`, the line one `\n`. */
const MAX_SEPARATOR = 4

/** Length of the event separator starting at `i`, or 0. At most one separator can start at any position. */
function separatorAt(framing: Framing, text: string, i: number): number {
  const code = text.charCodeAt(i)
  if (code === LF) return framing === 'lines' ? 1 : text.charCodeAt(i + 1) === LF ? 2 : 0
  if (code !== CR || framing === 'lines') return 0
  const next = text.charCodeAt(i + 1)
  if (next === CR) return 2
  return next === LF && text.charCodeAt(i + 2) === CR && text.charCodeAt(i + 3) === LF ? 4 : 0
}

/**
 * Just after the last separator that starts before `at` (it may reach past `at`), or -1. Scans back only to
 * the nearest separator: searching the text for each separator kind scanned the whole body on every call.
 */
function blockStart(framing: Framing, text: string, at: number): number {
  if (framing === 'lines') {
    const before = at > 0 ? text.lastIndexOf('\n', at - 1) : -1
    return before === -1 ? -1 : before + 1
  }
  let best = -1
  for (let i = Math.min(at - 1, text.length - 1); i >= 0 && i + MAX_SEPARATOR > best; i--) {
    if (text.charCodeAt(i) > CR) continue
    const length = separatorAt(framing, text, i)
    if (length > 0) best = Math.max(best, i + length)
  }
  return best
}

/** Where the first separator at or after `at` starts, or -1. */
function blockEnd(framing: Framing, text: string, at: number): number {
  if (framing === 'lines') return text.indexOf('\n', at)
  for (let i = Math.max(at, 0); i < text.length; i++) {
    if (text.charCodeAt(i) <= CR && separatorAt(framing, text, i) > 0) return i
  }
  return -1
}

/** The event containing position `at`, or undefined when an edge of the stretch cuts it. */
export function blockAround(framing: Framing, stretch: Stretch, at: number): Block | undefined {
  const { text } = stretch
  let start = blockStart(framing, text, at)
  let end = blockEnd(framing, text, at)
  if (start === -1) {
    if (!stretch.startsAtBoundary) return undefined
    start = 0
  }
  if (end === -1) {
    if (!stretch.endIsFinal) return undefined
    end = text.length
  }
  return { start, end }
}
