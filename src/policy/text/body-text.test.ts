import { describe, expect, it } from 'vitest'
import { extractBodyText } from './body-text.js'

describe('extractBodyText (F215)', () => {
  it('multipart: text fields only, never file parts', () => {
    const boundary = '----aigw123'
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nmy ssn is 536-22-1234\r\n`,
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
      ),
      Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0xff]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const segments = extractBodyText(body, `multipart/form-data; boundary=${boundary}`, 'openai-chat')
    expect(segments.map((s) => [s.location, s.text])).toEqual([
      ['/model', 'whisper-1'],
      ['/prompt', 'my ssn is 536-22-1234'],
    ])
  })

  it('JSON through the schema, text as one piece, binary as nothing', () => {
    const json = Buffer.from(JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }))
    expect(extractBodyText(json, 'application/json', 'openai-chat').map((s) => s.text)).toEqual(['hi'])
    expect(extractBodyText(Buffer.from('plain words'), 'text/plain', 'opaque')).toEqual([
      { text: 'plain words', location: '', kind: 'other' },
    ])
    expect(extractBodyText(Buffer.from([0xff, 0xfe, 0x00]), 'audio/mpeg', 'opaque')).toEqual([])
  })

  it('Universal arrays are read step by step', () => {
    const body = Buffer.from(
      JSON.stringify([{ provider: 'openai', query: { messages: [{ role: 'user', content: 'x' }] } }]),
    )
    const segments = extractBodyText(body, 'application/json', { universal: () => 'openai-chat' })
    expect(segments).toEqual([
      { text: 'x', location: '/0/query/messages/0/content', kind: 'message', role: 'user' },
    ])
  })
})
