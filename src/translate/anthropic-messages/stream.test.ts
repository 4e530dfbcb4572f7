import { describe, expect, it } from 'vitest'
import type { Clock } from '../../core/clock.js'
import { createSseParser, type SseEvent } from '../../stream/sse.js'
import type { OpenAIChatChunk } from '../types.js'
import type { HubContext } from '../identity/hub-context.js'
import { UpstreamStreamError } from '../identity/hub-errors.js'
import { createAnthropicMessagesTranslator } from './index.js'
import { fixtureEvents, fixtureText } from './test-support/fixtures.js'
import { openaiStreamChunks, openaiStreamFinal, openaiSseText } from './test-support/sdk-harness.js'

const clock: Clock = { now: () => 1_750_000_000_000 }
const translator = createAnthropicMessagesTranslator({ clock })
const context: HubContext = { model: 'claude-sonnet-4-5', stream: true, includeUsage: true }

function replay(events: SseEvent[]): OpenAIChatChunk[] {
  const stream = translator.stream(context)
  return [...events.flatMap((event) => stream.push(event)), ...stream.end()]
}

function chunkFactory(id: string, model: string) {
  const base = { id, object: 'chat.completion.chunk' as const, created: 1_750_000_000, model }
  return {
    delta: (
      delta: OpenAIChatChunk['choices'][number]['delta'],
      finish: OpenAIChatChunk['choices'][number]['finish_reason'] = null,
    ) => ({
      ...base,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    }),
    usage: (usage: NonNullable<OpenAIChatChunk['usage']>) => ({ ...base, choices: [], usage }),
  }
}

describe('F019 Anthropic SSE → OpenAI chunks', () => {
  it('replays a text stream chunk for chunk, ending with finish_reason and a usage chunk', () => {
    const c = chunkFactory('msg_01XFDUDYJgAACzvnptvVoYEL', 'claude-sonnet-4-5-20250929')
    expect(replay(fixtureEvents(import.meta.url, 'text-stream.sse'))).toEqual([
      c.delta({ role: 'assistant', content: '' }),
      c.delta({ content: 'Hello' }),
      c.delta({ content: '! How can I help' }),
      c.delta({ content: ' you today?' }),
      c.delta({}, 'stop'),
      c.usage({
        prompt_tokens: 2060,
        completion_tokens: 12,
        total_tokens: 2072,
        prompt_tokens_details: { cached_tokens: 2048 },
      }),
    ])
  })

  it('streams tool calls with stable indices and argument fragments as input_json_delta arrives', () => {
    const c = chunkFactory('msg_014p7gG3wDgGV9EUtLvnow3U', 'claude-3-5-haiku-20241022')
    const args = (index: number, fragment: string) =>
      c.delta({ tool_calls: [{ index, function: { arguments: fragment } }] })
    expect(replay(fixtureEvents(import.meta.url, 'tool-use-stream.sse'))).toEqual([
      c.delta({ role: 'assistant', content: '' }),
      c.delta({ content: 'Okay' }),
      c.delta({ content: ", let's check the weather" }),
      c.delta({ content: ' and the time in San Francisco.' }),
      c.delta({
        tool_calls: [
          {
            index: 0,
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      }),
      args(0, '{"location":'),
      args(0, ' "San'),
      args(0, ' Francisc'),
      args(0, 'o, CA"'),
      args(0, ', "unit": "fah'),
      args(0, 'renheit"}'),
      c.delta({
        tool_calls: [
          {
            index: 1,
            id: 'toolu_01BqJ8rGxDhTWk5SM3uHd4Nz',
            type: 'function',
            function: { name: 'get_time', arguments: '' },
          },
        ],
      }),
      args(1, '{}'),
      c.delta({}, 'tool_calls'),
      c.usage({
        prompt_tokens: 472,
        completion_tokens: 89,
        total_tokens: 561,
        prompt_tokens_details: { cached_tokens: 0 },
      }),
    ])
  })

  it('emits each chunk from the push of the event that carries it, never later', () => {
    const stream = translator.stream(context)
    const outputs = fixtureEvents(import.meta.url, 'tool-use-stream.sse').map((event) => ({
      event: event.event,
      count: stream.push(event).length,
    }))
    const byEvent = (name: string) => outputs.filter((o) => o.event === name).map((o) => o.count)
    expect(byEvent('message_start')).toEqual([1])
    expect(byEvent('ping')).toEqual([0])
    // One chunk per non-empty text or JSON fragment; the empty "" fragments produce nothing.
    expect(byEvent('content_block_delta')).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0])
    expect(byEvent('content_block_start')).toEqual([0, 1, 1])
    // The argument-less tool gets "{}" when its block closes.
    expect(byEvent('content_block_stop')).toEqual([0, 0, 1])
    expect(byEvent('message_delta')).toEqual([1])
    expect(byEvent('message_stop')).toEqual([1])
    expect(stream.end()).toEqual([])
  })

  it('gives the same chunks whatever the network chunking of the SSE bytes', () => {
    const whole = replay(fixtureEvents(import.meta.url, 'tool-use-stream.sse'))
    const bytes = new TextEncoder().encode(fixtureText(import.meta.url, 'tool-use-stream.sse'))
    const parser = createSseParser()
    const stream = translator.stream(context)
    const out: OpenAIChatChunk[] = []
    for (let i = 0; i < bytes.length; i += 7) {
      for (const event of parser.push(bytes.subarray(i, i + 7))) out.push(...stream.push(event))
    }
    for (const event of parser.end()) out.push(...stream.push(event))
    out.push(...stream.end())
    expect(out).toEqual(whole)
  })

  it('produces chunks the OpenAI SDK stream helper assembles into the full message', async () => {
    const final = await openaiStreamFinal(replay(fixtureEvents(import.meta.url, 'tool-use-stream.sse')))
    expect(final.choices[0]?.finish_reason).toBe('tool_calls')
    expect(final.choices[0]?.message.content).toBe(
      "Okay, let's check the weather and the time in San Francisco.",
    )
    expect(final.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        type: 'function',
        function: {
          name: 'get_weather',
          arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
        },
      },
      {
        id: 'toolu_01BqJ8rGxDhTWk5SM3uHd4Nz',
        type: 'function',
        function: { name: 'get_time', arguments: '{}' },
      },
    ])
    expect(final.usage).toEqual({
      prompt_tokens: 472,
      completion_tokens: 89,
      total_tokens: 561,
      prompt_tokens_details: { cached_tokens: 0 },
    })
  })

  it('streams the forced JSON-answer tool as message content and finishes with stop', async () => {
    const chunks = replay(fixtureEvents(import.meta.url, 'json-mode-stream.sse'))
    expect(chunks.flatMap((c) => c.choices.map((choice) => choice.delta.content ?? null))).toEqual([
      '',
      '{"name": "Ada',
      ' Lovelace", "born"',
      ': 1815}',
      null,
    ])
    expect(chunks.some((c) => c.choices.some((choice) => choice.delta.tool_calls))).toBe(false)
    const final = await openaiStreamFinal(chunks)
    expect(JSON.parse(final.choices[0]?.message.content ?? '')).toEqual({ name: 'Ada Lovelace', born: 1815 })
    expect(final.choices[0]?.finish_reason).toBe('stop')
  })

  it('maps an overloaded_error mid-stream to an OpenAI error after the chunks already sent', async () => {
    const stream = translator.stream(context)
    const sent: OpenAIChatChunk[] = []
    let thrown: unknown
    for (const event of fixtureEvents(import.meta.url, 'overloaded-mid-stream.sse')) {
      try {
        sent.push(...stream.push(event))
      } catch (error) {
        thrown = error
      }
    }
    expect(sent.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Once upon'])
    expect(thrown).toBeInstanceOf(UpstreamStreamError)
    const error = thrown as UpstreamStreamError
    expect(error.body).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: 'overloaded_error' },
    })
    // Written to the client as a final data event, the OpenAI SDK raises it as an API error.
    const text = openaiSseText([...sent, error.body as unknown as Record<string, unknown>])
    await expect(openaiStreamChunks(text)).rejects.toMatchObject({
      message: 'Overloaded',
      code: 'overloaded_error',
    })
  })

  it('ignores ping and unknown events, and sends no usage chunk unless the client asked for one', () => {
    const quiet = translator.stream({ model: 'claude-sonnet-4-5', stream: true })
    expect(quiet.push({ event: 'ping', data: '{"type": "ping"}' })).toEqual([])
    expect(quiet.push({ event: 'future_event', data: '{"type":"future_event","x":1}' })).toEqual([])
    const events = fixtureEvents(import.meta.url, 'text-stream.sse')
    const chunks = [...events.flatMap((e) => quiet.push(e)), ...quiet.end()]
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true)
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop')
  })

  it('reports thinking blocks it leaves out through the context warnings', () => {
    const warnings: string[] = []
    const withSink: HubContext = { ...context, warnings }
    const stream = translator.stream(withSink)
    stream.push({
      event: 'content_block_start',
      data: '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}',
    })
    const delta = stream.push({
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}',
    })
    expect(delta).toEqual([])
    expect(warnings).toEqual(["content_block 0: 'thinking' blocks have no OpenAI counterpart; left out"])
  })

  it('reports a stream cut off before message_delta as an incomplete upstream answer', () => {
    const stream = translator.stream(context)
    for (const event of fixtureEvents(import.meta.url, 'text-stream.sse').slice(0, 4)) stream.push(event)
    expect(() => stream.end()).toThrow(UpstreamStreamError)
  })

  it('sends the usage chunk from end() when the upstream closed without message_stop', () => {
    const stream = translator.stream(context)
    const events = fixtureEvents(import.meta.url, 'text-stream.sse')
    events.slice(0, -1).forEach((e) => stream.push(e))
    expect(stream.end()).toEqual([
      expect.objectContaining({ choices: [], usage: expect.objectContaining({ completion_tokens: 12 }) }),
    ])
  })
})
