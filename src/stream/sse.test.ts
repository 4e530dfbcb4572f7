import { describe, expect, it } from 'vitest'
import { createSseParser, serializeSse } from './sse.js'

describe('SSE parser', () => {
  it('parses events split at every possible byte boundary, including inside UTF-8 and CRLF', () => {
    const text =
      'event: message_start\r\ndata: {"a":"é"}\r\n\r\n: comment\ndata: line1\ndata: line2\nid: 7\n\n'
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      const parser = createSseParser()
      const events = [
        ...parser.push(bytes.subarray(0, cut)),
        ...parser.push(bytes.subarray(cut)),
        ...parser.end(),
      ]
      expect(events).toEqual([
        { event: 'message_start', data: '{"a":"é"}' },
        { data: 'line1\nline2', id: '7' },
      ])
    }
  })

  it('flushes a final event without a trailing blank line at end of stream', () => {
    const parser = createSseParser()
    expect(parser.push('data: [DONE]')).toEqual([])
    expect(parser.end()).toEqual([{ data: '[DONE]' }])
  })

  it('serialises multi-line data and event names', () => {
    expect(serializeSse({ event: 'x', data: 'a\nb' })).toBe('event: x\ndata: a\ndata: b\n\n')
    const parser = createSseParser()
    expect(parser.push(serializeSse({ event: 'x', data: 'a\nb' }))).toEqual([{ event: 'x', data: 'a\nb' }])
  })
})
