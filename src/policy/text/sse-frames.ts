/** A dispatched server-sent event (same shape as src/stream's SseEvent). */
export interface SseEvent {
  event?: string
  data: string
  id?: string
}

/** One SSE event exactly as it arrived (so it can be re-sent byte for byte) and its parsed form. */
export interface SseFrame {
  raw: string
  /** Undefined for frames that dispatch nothing (comments, keep-alives). */
  event: SseEvent | undefined
}

export interface SseFramer {
  push(chunk: Uint8Array): SseFrame[]
  /** The unterminated rest, if any, as a last frame. */
  end(): SseFrame[]
}

/**
 * Splits an SSE byte stream at blank lines (LF, CRLF or CR endings, chunk boundaries anywhere, even inside a
 * UTF-8 sequence), keeping each event's raw text.
 */
export function createSseFramer(): SseFramer {
  const decoder = new TextDecoder()
  let buffer = ''
  let scanned = 0
  let frameHasContent = false

  const drain = (final: boolean): SseFrame[] => {
    const frames: SseFrame[] = []
    let frameStart = 0
    let lineStart = scanned
    for (;;) {
      const end = nextLineEnd(buffer, lineStart, final)
      if (end === -1) break
      const width = buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1
      if (end === lineStart) {
        if (frameHasContent) {
          const raw = buffer.slice(frameStart, end + width)
          frames.push({ raw, event: parseBlock(raw) })
          frameStart = end + width
          frameHasContent = false
        }
      } else {
        frameHasContent = true
      }
      lineStart = end + width
    }
    if (!frameHasContent && frameStart < lineStart) {
      // Stray blank lines between events belong to no event; pass them through as an empty frame.
      frames.push({ raw: buffer.slice(frameStart, lineStart), event: undefined })
      frameStart = lineStart
    }
    buffer = buffer.slice(frameStart)
    scanned = lineStart - frameStart
    if (final && buffer !== '') {
      frames.push({ raw: buffer, event: parseBlock(buffer) })
      buffer = ''
      scanned = 0
      frameHasContent = false
    }
    return frames
  }

  return {
    push(chunk) {
      buffer += decoder.decode(chunk, { stream: true })
      return drain(false)
    },
    end() {
      buffer += decoder.decode()
      return drain(true)
    },
  }
}

/** Index of the next CR or LF at or after `from`; a CR at the very end may be half a CRLF, so it waits. */
function nextLineEnd(buffer: string, from: number, final: boolean): number {
  for (let i = from; i < buffer.length; i++) {
    const c = buffer.charCodeAt(i)
    if (c === 10) return i
    if (c === 13) return i === buffer.length - 1 && !final ? -1 : i
  }
  return -1
}

function parseBlock(raw: string): SseEvent | undefined {
  let event: string | undefined
  let id: string | undefined
  const data: string[] = []
  for (const line of raw.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id') id = value
  }
  if (data.length === 0 && event === undefined) return undefined
  const parsed: SseEvent = { data: data.join('\n') }
  if (event !== undefined) parsed.event = event
  if (id !== undefined) parsed.id = id
  return parsed
}
