import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createSseFramer } from './sse-frames.js'
import { createEventTextReader, createResponseTextReader, extractResponseText } from './response-text.js'
import type { TextSchema } from './types.js'

const fixture = (path: string) => readFileSync(new URL(`../../translate/${path}`, import.meta.url))

/** Concatenated text per channel, and the channels closed, after reading a whole SSE fixture. */
function readStream(schema: TextSchema, bytes: Buffer) {
  const framer = createSseFramer()
  const read = createEventTextReader(schema)
  const channels = new Map<string, string>()
  const closes: string[] = []
  for (const frame of [...framer.push(bytes), ...framer.end()]) {
    if (!frame.event) continue
    const text = read(frame.event)
    for (const piece of text.pieces)
      channels.set(piece.channel, (channels.get(piece.channel) ?? '') + piece.text)
    closes.push(...text.closes)
  }
  return { channels: Object.fromEntries(channels), closes }
}

describe('stream text per family (recorded provider streams)', () => {
  it('Anthropic: text and tool input on separate content-block channels, closed by content_block_stop', () => {
    const { channels, closes } = readStream(
      'anthropic-messages',
      fixture('anthropic-messages/__fixtures__/tool-use-stream.sse'),
    )
    expect(channels['content/0']).toBe("Okay, let's check the weather and the time in San Francisco.")
    expect(JSON.parse(channels['content/1']!)).toEqual({ location: 'San Francisco, CA', unit: 'fahrenheit' })
    expect(closes).toEqual(expect.arrayContaining(['content/0', 'content/1', '']))
  })

  it('OpenAI chat chunks: content per choice; finish_reason and [DONE] close', () => {
    const { channels, closes } = readStream(
      'openai-chat',
      fixture('identity/__fixtures__/openai-stream-with-usage.sse'),
    )
    expect(channels['choices/0/content']).toContain('Paris')
    expect(closes).toEqual(['choices/0/', ''])
  })

  it('OpenAI chat: interleaved choices and tool calls never share a channel', () => {
    const read = createEventTextReader('openai-chat')
    const chunk = (choices: unknown) => read({ data: JSON.stringify({ choices }) })
    const pieces = [
      ...chunk([{ index: 0, delta: { content: '4111 ' } }]).pieces,
      ...chunk([{ index: 1, delta: { content: '9999 ' } }]).pieces,
      ...chunk([{ index: 0, delta: { tool_calls: [{ index: 2, function: { arguments: '{"a"' } }] } }]).pieces,
    ]
    expect(pieces.map((p) => [p.channel, p.kind])).toEqual([
      ['choices/0/content', 'message'],
      ['choices/1/content', 'message'],
      ['choices/0/tool_calls/2', 'tool-call'],
    ])
  })

  it('OpenAI Responses API: deltas are read, done events only close', () => {
    const read = createEventTextReader('openai-chat')
    const delta = read({
      data: JSON.stringify({
        type: 'response.output_text.delta',
        output_index: 1,
        content_index: 0,
        delta: 'hi',
      }),
    })
    const done = read({
      data: JSON.stringify({
        type: 'response.output_text.done',
        output_index: 1,
        content_index: 0,
        text: 'hi',
      }),
    })
    const completed = read({ data: JSON.stringify({ type: 'response.completed', response: { output: [] } }) })
    expect(delta.pieces).toEqual([{ channel: 'output/1/0', text: 'hi', kind: 'message' }])
    expect(done.pieces).toEqual([])
    expect(completed.closes).toEqual([''])
  })

  it('Gemini: text per candidate; each function call whole on its own closed channel', () => {
    const { channels, closes } = readStream('gemini', fixture('gemini/__fixtures__/tool-call-stream.sse'))
    expect(channels['candidates/0/text']).toBe('Let me look that up for both cities.')
    expect(JSON.parse(channels['candidates/0/call/0']!)).toEqual({ city: 'Paris', unit: 'celsius' })
    expect(JSON.parse(channels['candidates/0/call/1']!)).toEqual({ city: 'London', unit: 'celsius' })
    expect(closes).toEqual(['candidates/0/call/0', 'candidates/0/call/1', 'candidates/0/'])
  })

  it('Cohere v2: tool plan, tool-call arguments per index', () => {
    const { channels } = readStream('cohere', fixture('cohere/__fixtures__/tool-call-stream.sse'))
    expect(channels.tool_plan).toBe('I will search for the weather.')
    expect(JSON.parse(channels['tool_calls/0']!)).toEqual({ location: 'Madrid' })
    expect(JSON.parse(channels['tool_calls/1']!)).toEqual({ location: 'Brasilia' })
  })

  it('Workers AI native `{response}` events', () => {
    const { channels } = readStream('workers-ai', fixture('workers-ai/__fixtures__/native-stream.sse'))
    expect(channels.response).toBe('Hello there!')
  })
})

describe('extractResponseText (whole JSON responses)', () => {
  it('reads the answer and tool calls of each family', () => {
    const anthropic = JSON.parse(
      fixture('anthropic-messages/__fixtures__/tool-use-response.json').toString(),
    ) as unknown
    expect(extractResponseText('anthropic-messages', anthropic).map((s) => s.kind)).toContain('tool-call')
    const gemini = JSON.parse(fixture('gemini/__fixtures__/tool-call.json').toString()) as unknown
    expect(extractResponseText('gemini', gemini).some((s) => s.kind === 'tool-call')).toBe(true)
    const openai = JSON.parse(fixture('identity/__fixtures__/openai-completion.json').toString()) as unknown
    const [first] = extractResponseText('openai-chat', openai)
    expect(first?.location).toBe('/choices/0/message/content')
  })

  it('reads no text from embeddings and skips image blobs but keeps revised prompts', () => {
    expect(extractResponseText('openai-chat', { object: 'list', data: [{ embedding: [0.1, 0.2] }] })).toEqual(
      [],
    )
    const image = extractResponseText('openai-chat', {
      data: [{ b64_json: 'iVBOR'.repeat(80), revised_prompt: 'a cat' }],
    })
    expect(image.map((s) => s.text)).toEqual(['a cat'])
  })
})

describe('createResponseTextReader', () => {
  it('streams SSE text as it arrives and returns JSON text at the end', () => {
    const sse = createResponseTextReader('openai-chat', 'text/event-stream; charset=utf-8')
    const first = sse.push(Buffer.from('data: {"choices":[{"index":0,"delta":{"content":"par"}}]}\n\n'))
    expect(first).toEqual([{ text: 'par', location: 'choices/0/content', kind: 'message' }])

    const json = createResponseTextReader('openai-chat', 'application/json')
    const body = Buffer.from(
      JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'done' } }] }),
    )
    expect(json.push(body.subarray(0, 10))).toEqual([])
    expect(json.push(body.subarray(10))).toEqual([])
    expect(json.end().map((s) => s.text)).toEqual(['done'])
  })

  it('reads unparseable JSON and other content types as raw text', () => {
    const broken = createResponseTextReader('openai-chat', 'application/json')
    broken.push(Buffer.from('{"not json'))
    expect(broken.end()).toEqual([{ text: '{"not json', location: '', kind: 'other' }])
    const plain = createResponseTextReader('opaque', 'text/plain')
    expect(plain.push(Buffer.from('hello'))).toEqual([{ text: 'hello', location: '', kind: 'other' }])
  })
})
