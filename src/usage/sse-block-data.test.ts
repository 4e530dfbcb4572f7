import { describe, expect, it } from 'vitest'
import { createSseParser } from '../stream/sse.js'
import { sseBlockData } from './sse-block-data.js'

function parserData(text: string): string[] {
  const parser = createSseParser()
  return [...parser.push(text), ...parser.end()].map((event) => event.data).filter((data) => data !== '')
}

describe('sseBlockData', () => {
  const cases: Array<[name: string, text: string]> = [
    ['an event with a name', 'event: message_delta\ndata: {"usage":{"output_tokens":5}}'],
    ['CRLF lines and a trailing blank line', 'event: x\r\ndata: {"a":1}\r\n\r\n'],
    ['CR-only lines', 'data: one\rdata: two\r\rdata: three\r'],
    ['multi-line data joined by newlines', 'data: {"a":\ndata: 1}\n'],
    ['no space after the colon, and a bare data field', 'data:{"a":1}\ndata\n'],
    ['comments and unknown fields ignored', ': keep-alive\nid: 7\nretry: 10\ndatum: x\ndata: kept\n'],
    ['two events split by a CR-blank-LF line', 'data: a\n\r\ndata: b'],
    ['an event with a name but no data', 'event: ping\n\ndata: after'],
  ]
  for (const [name, text] of cases) {
    it(`reads the data the SSE parser dispatches: ${name}`, () => {
      expect(sseBlockData(text).filter((data) => data !== '')).toEqual(parserData(text))
    })
  }

  it('keeps each event separate and in order', () => {
    expect(sseBlockData('data: first\n\nevent: e\ndata: second\ndata: more\n\n')).toEqual([
      'first',
      'second\nmore',
    ])
  })
})
