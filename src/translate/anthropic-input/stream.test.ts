import Anthropic from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import type { SseEvent } from '../../stream/sse.js'
import { fixtureEvents } from '../anthropic-messages/test-support/fixtures.js'
import { anthropicStreamFinal } from '../anthropic-messages/test-support/sdk-harness.js'
import { anthropicInputTranslator } from './index.js'

function replay(events: SseEvent[]): SseEvent[] {
  const stream = anthropicInputTranslator.stream()
  return [...events.flatMap((event) => stream.push(event)), ...stream.end()]
}

const decoded = (events: SseEvent[]) =>
  events.map((e) => ({ event: e.event, data: JSON.parse(e.data) as unknown }))
const ev = (data: { type: string } & Record<string, unknown>) => ({ event: data.type, data })

describe('OpenAI hub chunks → Anthropic SSE events', () => {
  it('replays a text stream as message_start, one text block, message_delta with usage, message_stop', () => {
    expect(decoded(replay(fixtureEvents(import.meta.url, 'hub-text-stream.sse')))).toEqual([
      ev({
        type: 'message_start',
        message: {
          id: 'chatcmpl-BjQZ1u6xC8h3n9yPZ3mY1aV7fF2sQ',
          type: 'message',
          role: 'assistant',
          model: 'gpt-4o-mini-2024-07-18',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }),
      ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Paris' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' is' } }),
      ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' warmer.' } }),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: {
          input_tokens: 318,
          output_tokens: 4,
          cache_read_input_tokens: 1024,
          cache_creation_input_tokens: 0,
        },
      }),
      ev({ type: 'message_stop' }),
    ])
  })

  it('turns streamed tool-call argument deltas into tool_use blocks with input_json_delta', () => {
    const events = decoded(replay(fixtureEvents(import.meta.url, 'hub-tool-stream.sse')))
    const json = (index: number, partial_json: string) =>
      ev({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } })
    expect(events.slice(1)).toEqual([
      ev({
        type: 'content_block_start',
        index: 0,
        content_block: {
          type: 'tool_use',
          id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
          name: 'get_weather',
          input: {},
        },
      }),
      json(0, '{"lo'),
      json(0, 'cation": "Par'),
      json(0, 'is, France"}'),
      ev({ type: 'content_block_stop', index: 0 }),
      ev({
        type: 'content_block_start',
        index: 1,
        content_block: {
          type: 'tool_use',
          id: 'call_7wWq1XbSjUxq4Hh0GmN8ZpKc',
          name: 'get_weather',
          input: {},
        },
      }),
      json(1, '{"lo'),
      json(1, 'cation": "Lon'),
      json(1, 'don, UK"}'),
      ev({ type: 'content_block_stop', index: 1 }),
      ev({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: {
          input_tokens: 84,
          output_tokens: 46,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
        },
      }),
      ev({ type: 'message_stop' }),
    ])
  })

  it('is read by the Anthropic SDK MessageStream into the complete message', async () => {
    const message = await anthropicStreamFinal(replay(fixtureEvents(import.meta.url, 'hub-tool-stream.sse')))
    expect(message.stop_reason).toBe('tool_use')
    expect(message.content).toEqual([
      {
        type: 'tool_use',
        id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
        name: 'get_weather',
        input: { location: 'Paris, France' },
      },
      {
        type: 'tool_use',
        id: 'call_7wWq1XbSjUxq4Hh0GmN8ZpKc',
        name: 'get_weather',
        input: { location: 'London, UK' },
      },
    ])
    expect(message.usage).toMatchObject({ input_tokens: 84, output_tokens: 46 })
  })

  it('emits block events from the chunk that carries them and holds only message_delta for usage', () => {
    const stream = anthropicInputTranslator.stream()
    const counts = fixtureEvents(import.meta.url, 'hub-text-stream.sse').map((e) =>
      stream.push(e).map((out) => out.event),
    )
    expect(counts).toEqual([
      ['message_start'],
      ['content_block_start', 'content_block_delta'],
      ['content_block_delta'],
      ['content_block_delta'],
      ['content_block_stop'],
      ['message_delta', 'message_stop'],
      [],
    ])
    expect(stream.end()).toEqual([])
  })

  it('ends with an Anthropic error event when the hub stream reports an error, which the SDK raises', async () => {
    const events = replay(fixtureEvents(import.meta.url, 'hub-error-mid-stream.sse'))
    expect(decoded(events).at(-1)).toEqual(
      ev({
        type: 'error',
        error: {
          type: 'api_error',
          message: 'The server had an error while processing your request. Sorry about that!',
        },
      }),
    )
    const failure = await anthropicStreamFinal(events).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: 'api_error' },
    })
  })

  it('maps an upstream stream error passed in-process with its status', () => {
    const stream = anthropicInputTranslator.stream()
    const out = stream.pushError(529, {
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded_error' },
    })
    expect(decoded(out)).toEqual([
      ev({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ])
    expect(
      stream.pushChunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] }),
    ).toEqual([])
  })

  it('reports a hub stream that ends without a finish_reason instead of inventing one', () => {
    const truncated = fixtureEvents(import.meta.url, 'hub-text-stream.sse').slice(0, 3)
    const events = decoded(replay(truncated))
    expect(events.at(-1)).toEqual(
      ev({
        type: 'error',
        error: { type: 'api_error', message: 'upstream stream ended before the message was complete' },
      }),
    )
  })

  it('completes the message at [DONE] when the upstream sent no usage chunk', () => {
    const withoutUsage = fixtureEvents(import.meta.url, 'hub-text-stream.sse').filter(
      (e) => !e.data.includes('"choices":[]'),
    )
    const events = decoded(replay(withoutUsage))
    expect(events.slice(-2)).toEqual([
      ev({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { input_tokens: 0, output_tokens: 0 },
      }),
      ev({ type: 'message_stop' }),
    ])
  })
})
