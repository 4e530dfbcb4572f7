/** One server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseEvent {
  event?: string
  data: string
  id?: string
}

export interface SseParser {
  push(chunk: Uint8Array | string): SseEvent[]
  end(): SseEvent[]
}

/** Incremental SSE parser: tolerant of CRLF, chunk boundaries anywhere (even inside a UTF-8 sequence), comments. */
export function createSseParser(): SseParser {
  const decoder = new TextDecoder()
  let buffer = ''
  let event: string | undefined
  let id: string | undefined
  let data: string[] = []

  const dispatch = (out: SseEvent[]): void => {
    if (data.length === 0 && event === undefined) return
    const next: SseEvent = { data: data.join('\n') }
    if (event !== undefined) next.event = event
    if (id !== undefined) next.id = id
    out.push(next)
    event = undefined
    data = []
  }

  const processLine = (line: string, out: SseEvent[]): void => {
    if (line === '') return dispatch(out)
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') event = value
    else if (field === 'id') id = value
  }

  const drain = (out: SseEvent[], final: boolean): void => {
    let start = 0
    for (;;) {
      const lf = buffer.indexOf('\n', start)
      const cr = buffer.indexOf('\r', start)
      let end = lf
      if (cr !== -1 && (lf === -1 || cr < lf)) end = cr
      if (end === -1) break
      // A lone CR at the very end may be half of a CRLF split across chunks.
      if (end === cr && end === buffer.length - 1 && !final) break
      processLine(buffer.slice(start, end), out)
      start = end + (end === cr && buffer[end + 1] === '\n' ? 2 : 1)
    }
    buffer = buffer.slice(start)
    if (final && buffer !== '') {
      processLine(buffer, out)
      buffer = ''
    }
  }

  return {
    push(chunk) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
      const out: SseEvent[] = []
      drain(out, false)
      return out
    },
    end() {
      buffer += decoder.decode()
      const out: SseEvent[] = []
      drain(out, true)
      dispatch(out)
      return out
    },
  }
}

export function serializeSse(event: SseEvent): string {
  let out = ''
  if (event.event !== undefined) out += `event: ${event.event}\n`
  if (event.id !== undefined) out += `id: ${event.id}\n`
  for (const line of event.data.split('\n')) out += `data: ${line}\n`
  return out + '\n'
}

/** `data: {json}\n\n` for the common case of a JSON payload. */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`
}
