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

const SSE_SEPARATORS = ['\n\n', '\r\n\r\n', '\r\r']
const LINE_SEPARATORS = ['\n']

function separators(framing: Framing): string[] {
  return framing === 'sse' ? SSE_SEPARATORS : LINE_SEPARATORS
}

/** The event containing position `at`, or undefined when an edge of the stretch cuts it. */
export function blockAround(framing: Framing, stretch: Stretch, at: number): Block | undefined {
  const { text } = stretch
  let start = -1
  let end = -1
  for (const separator of separators(framing)) {
    const before = at > 0 ? text.lastIndexOf(separator, at - 1) : -1
    if (before !== -1) start = Math.max(start, before + separator.length)
    const after = text.indexOf(separator, at)
    if (after !== -1 && (end === -1 || after < end)) end = after
  }
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
