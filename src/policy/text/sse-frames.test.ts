import { describe, expect, it } from 'vitest'
import { createSseFramer, type SseFrame } from './sse-frames.js'

function frameAll(chunks: string[]): SseFrame[] {
  const framer = createSseFramer()
  const out: SseFrame[] = []
  for (const chunk of chunks) out.push(...framer.push(Buffer.from(chunk)))
  out.push(...framer.end())
  return out
}

const STREAM = 'event: a\ndata: one\n\n: keep-alive\n\ndata: {"x":\ndata: 2}\r\n\r\ndata: last'

describe('createSseFramer', () => {
  it('keeps every byte: the frames re-join to the input, however it was chunked', () => {
    const whole = frameAll([STREAM])
    expect(whole.map((f) => f.raw).join('')).toBe(STREAM)
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = []
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size))
      const framed = frameAll(chunks)
      expect(framed.map((f) => f.raw).join('')).toBe(STREAM)
      expect(framed.map((f) => f.event)).toEqual(whole.map((f) => f.event))
    }
  })

  it('parses events, ignores comments and joins multi-line data', () => {
    expect(frameAll([STREAM]).map((f) => f.event)).toEqual([
      { event: 'a', data: 'one' },
      undefined,
      { data: '{"x":\n2}' },
      { data: 'last' },
    ])
  })

  it('waits for a CR that may be half of a CRLF and never splits a UTF-8 character', () => {
    const bytes = Buffer.from('data: é\r\n\r\n')
    const framer = createSseFramer()
    const first = framer.push(bytes.subarray(0, 7)) // splits é
    const second = framer.push(bytes.subarray(7, 10)) // ends on the CR after the first line
    const third = framer.push(bytes.subarray(10))
    expect([...first, ...second]).toEqual([])
    expect(third).toEqual([{ raw: 'data: é\r\n\r\n', event: { data: 'é' } }])
  })
})
