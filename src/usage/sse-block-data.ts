/**
 * The `data` of each event in a few lines of SSE text, as `createSseParser` (src/stream/sse.ts) would dispatch
 * them when given the text and then ended: lines end at CRLF, CR or LF; an empty line dispatches; comments and
 * other fields are ignored. Usage reading only needs the data, and building a full parser (with its
 * TextDecoder) for every candidate event cost more than parsing the event itself.
 */

const LF = 0x0a
const CR = 0x0d

function dataLine(line: string): string | undefined {
  const colon = line.indexOf(':')
  if (colon === -1) return line === 'data' ? '' : undefined
  if (colon !== 4 || !line.startsWith('data')) return undefined
  return line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5)
}

/** Data of every dispatched event that has at least one `data` line (events with none carry no payload). */
export function sseBlockData(text: string): string[] {
  const out: string[] = []
  let data: string[] = []
  const dispatch = (): void => {
    if (data.length > 0) out.push(data.join('\n'))
    data = []
  }
  let nextLf = -2
  let nextCr = -2
  let start = 0
  while (start < text.length) {
    if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start)
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start)
    let end = nextLf
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) end = nextCr
    if (end === -1) end = text.length
    const line = text.slice(start, end)
    if (line === '') dispatch()
    else if (line.charCodeAt(0) !== 0x3a) {
      const value = dataLine(line)
      if (value !== undefined) data.push(value)
    }
    start = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1)
  }
  dispatch()
  return out
}
