import { describe, expect, it, vi } from 'vitest'
import { readUsage } from './read-usage.js'
import { JSON_TYPE, kept, SSE_TYPE, whole, EVENTSTREAM_TYPE } from './test-support/inputs.js'
import {
  anthropicMessage,
  anthropicStreamEvents,
  cohereV1Chat,
  cohereV2Usage,
  geminiChunk,
  geminiUsage,
  openaiChat,
  openaiChatStream,
  openaiEmbeddings,
  openaiResponses,
  openaiResponsesStream,
  sse,
  words,
  workersAiEnvelope,
} from './test-support/payloads.js'

describe('readUsage: OpenAI chat completions', () => {
  it('reads prompt, completion and cached tokens and the model from a JSON response', () => {
    expect(readUsage(whole(JSON_TYPE, openaiChat(2006, 300, 1920)))).toEqual({
      usage: { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 },
      model: 'gpt-4o-2024-08-06',
    })
  })

  it('reads the final usage chunk of a stream, whole and as head + tail', () => {
    const body = openaiChatStream(2000, { prompt: 41, completion: 2000, cached: 0 })
    const expected = {
      usage: { inputTokens: 41, outputTokens: 2000, cachedInputTokens: 0 },
      model: 'gpt-4o-mini-2024-07-18',
    }
    expect(readUsage(whole(SSE_TYPE, body))).toEqual(expected)
    expect(readUsage(kept(SSE_TYPE, body))).toEqual(expected)
  })

  it('reports the model but no usage when the stream did not include usage', () => {
    const body = openaiChatStream(10, { prompt: 1, completion: 1, cached: 0 }).replace(
      /data: \{[^\n]*"choices":\[\][^\n]*\n\n/,
      '',
    )
    expect(readUsage(whole(SSE_TYPE, body))).toEqual({ model: 'gpt-4o-mini-2024-07-18' })
  })

  it('reads a JSON response cut to head + tail', () => {
    const big = openaiChat(120, 9000) as { choices: Array<{ message: { content: string } }> }
    big.choices[0]!.message.content = words(9000).join('')
    expect(readUsage(kept(JSON_TYPE, big))).toEqual({
      usage: { inputTokens: 120, outputTokens: 9000, cachedInputTokens: 0 },
      model: 'gpt-4o-2024-08-06',
    })
  })
})

describe('readUsage: OpenAI Responses API', () => {
  it('reads input/output/cached tokens from a JSON response', () => {
    expect(readUsage(whole(JSON_TYPE, openaiResponses(37, 11, 5)))).toEqual({
      usage: { inputTokens: 37, outputTokens: 11, cachedInputTokens: 5 },
      model: 'gpt-4.1-2025-04-14',
    })
  })

  it('reads response.completed of a stream', () => {
    const body = openaiResponsesStream(words(50), 120, 50, 64)
    expect(readUsage(whole(SSE_TYPE, body))).toEqual({
      usage: { inputTokens: 120, outputTokens: 50, cachedInputTokens: 64 },
      model: 'gpt-4.1-2025-04-14',
    })
  })

  it('finds usage when response.completed is larger than the kept tail', () => {
    const body = openaiResponsesStream(words(6000), 900, 6000, 0)
    const input = kept(SSE_TYPE, body)
    if (!('tail' in input)) throw new Error('expected head + tail')
    expect(input.tail.toString().startsWith('event: response.completed')).toBe(false)
    expect(readUsage(input)).toEqual({
      usage: { inputTokens: 900, outputTokens: 6000, cachedInputTokens: 0 },
      model: 'gpt-4.1-2025-04-14',
    })
  })
})

describe('readUsage: embeddings', () => {
  it('reads prompt tokens with zero output, whole and cut', () => {
    const expected = { usage: { inputTokens: 8, outputTokens: 0 }, model: 'text-embedding-3-small' }
    expect(readUsage(whole(JSON_TYPE, openaiEmbeddings(1, 8)))).toEqual(expected)
    expect(readUsage(kept(JSON_TYPE, openaiEmbeddings(6, 8), 16384))).toEqual(expected)
  })
})

describe('readUsage: Anthropic Messages', () => {
  const u = { input: 12, output: 85, cacheRead: 2048, cacheWrite: 100 }

  it('adds cache reads and writes to input_tokens, which excludes them', () => {
    expect(readUsage(whole(JSON_TYPE, anthropicMessage(u)))).toEqual({
      usage: {
        inputTokens: 12 + 2048 + 100,
        outputTokens: 85,
        cachedInputTokens: 2048,
        cacheWriteInputTokens: 100,
      },
      model: 'claude-sonnet-4-5-20250929',
    })
  })

  it('F248 a 400-event stream kept as head + tail still yields input (first event) and output (last event)', () => {
    const events = anthropicStreamEvents(400, { input: 472, output: 503, cacheRead: 0, cacheWrite: 0 })
    const body = sse(events)
    const input = kept(SSE_TYPE, body, 777)
    expect(readUsage(input)).toEqual({
      usage: { inputTokens: 472, outputTokens: 503, cachedInputTokens: 0 },
      model: 'claude-sonnet-4-5-20250929',
    })
    expect(readUsage(whole(SSE_TYPE, body))).toEqual(readUsage(input))
  })

  it('takes the cumulative message_delta usage when it repeats the input counts', () => {
    const events = anthropicStreamEvents(5, { input: 10, output: 7, cacheRead: 30, cacheWrite: 0 })
    const delta = events.find((e) => e.event === 'message_delta')!
    ;(delta.data as { usage: object }).usage = {
      input_tokens: 10,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 30,
      output_tokens: 7,
    }
    expect(readUsage(whole(SSE_TYPE, sse(events))).usage).toEqual({
      inputTokens: 40,
      outputTokens: 7,
      cachedInputTokens: 30,
    })
  })

  it('parses only the events that can carry usage', () => {
    const body = sse(anthropicStreamEvents(2000, { input: 5, output: 2000, cacheRead: 0, cacheWrite: 0 }))
    const parse = vi.spyOn(JSON, 'parse')
    try {
      expect(readUsage(whole(SSE_TYPE, body)).usage?.outputTokens).toBe(2000)
      expect(parse.mock.calls.length).toBeLessThanOrEqual(4)
    } finally {
      parse.mockRestore()
    }
  })
})

describe('readUsage: Gemini', () => {
  it('counts thinking tokens as output and reads modelVersion', () => {
    expect(readUsage(whole(JSON_TYPE, geminiChunk('Hi', geminiUsage(8, 150, 1092))))).toEqual({
      usage: { inputTokens: 8, outputTokens: 150 + 1092 },
      model: 'gemini-2.5-flash',
    })
  })

  it('does not add thoughts twice when totalTokenCount shows them inside candidatesTokenCount', () => {
    const meta = {
      promptTokenCount: 8,
      candidatesTokenCount: 1242,
      thoughtsTokenCount: 1092,
      totalTokenCount: 1250,
    }
    expect(readUsage(whole(JSON_TYPE, geminiChunk('Hi', meta))).usage).toEqual({
      inputTokens: 8,
      outputTokens: 1242,
    })
  })

  it('reads cached content tokens', () => {
    expect(readUsage(whole(JSON_TYPE, geminiChunk('Hi', geminiUsage(5000, 20, 0, 4096)))).usage).toEqual({
      inputTokens: 5000,
      outputTokens: 20,
      cachedInputTokens: 4096,
    })
  })

  const chunks = (count: number) =>
    words(count).map((word, i) =>
      geminiChunk(
        word.repeat(40),
        i === count - 1 ? geminiUsage(30, count * 40, 12) : { promptTokenCount: 30, totalTokenCount: 30 },
        'gemini-2.0-flash',
      ),
    )

  it('takes the last cumulative usageMetadata of an ?alt=sse stream, whole and cut', () => {
    const body = sse(
      chunks(300).map((data) => ({ data })),
      '\r\n',
    )
    const expected = { usage: { inputTokens: 30, outputTokens: 300 * 40 + 12 }, model: 'gemini-2.0-flash' }
    expect(readUsage(whole(SSE_TYPE, body))).toEqual(expected)
    expect(readUsage(kept(SSE_TYPE, body))).toEqual(expected)
  })

  it('reads a streamGenerateContent JSON array, whole and cut', () => {
    const body = `[${chunks(300)
      .map((c) => JSON.stringify(c, null, 2))
      .join('\n,\r\n')}]`
    const expected = { usage: { inputTokens: 30, outputTokens: 300 * 40 + 12 }, model: 'gemini-2.0-flash' }
    expect(readUsage(whole(JSON_TYPE, body))).toEqual(expected)
    expect(readUsage(kept(JSON_TYPE, body))).toEqual(expected)
  })
})

describe('readUsage: Cohere', () => {
  it('v1: reads billed units from meta', () => {
    expect(readUsage(whole(JSON_TYPE, cohereV1Chat(17, 43, 82))).usage).toEqual({
      inputTokens: 17,
      outputTokens: 43,
    })
  })

  it('v1: reads the stream-end line of a stream+json stream cut to head + tail', () => {
    const lines = words(3000).map((text) =>
      JSON.stringify({ is_finished: false, event_type: 'text-generation', text }),
    )
    lines.unshift(JSON.stringify({ is_finished: false, event_type: 'stream-start', generation_id: 'g-1' }))
    lines.push(
      JSON.stringify({
        is_finished: true,
        event_type: 'stream-end',
        response: cohereV1Chat(17, 3000, 82),
        finish_reason: 'COMPLETE',
      }),
    )
    const body = lines.join('\n')
    expect(readUsage(kept('application/stream+json', body)).usage).toEqual({
      inputTokens: 17,
      outputTokens: 3000,
    })
    expect(readUsage(whole('application/stream+json', body)).usage).toEqual({
      inputTokens: 17,
      outputTokens: 3000,
    })
  })

  it('v2: reads usage.billed_units from JSON and the message-end event of a stream', () => {
    const json = {
      id: 'c14c80c3',
      message: { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] },
      finish_reason: 'COMPLETE',
      usage: cohereV2Usage(5, 418, 71),
    }
    expect(readUsage(whole(JSON_TYPE, json)).usage).toEqual({ inputTokens: 5, outputTokens: 418 })
    const events = [
      {
        event: 'message-start',
        data: {
          id: 'c14c80c3',
          type: 'message-start',
          delta: {
            message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
          },
        },
      },
      ...words(2000).map((text) => ({
        event: 'content-delta',
        data: { type: 'content-delta', index: 0, delta: { message: { content: { text } } } },
      })),
      {
        event: 'message-end',
        data: {
          type: 'message-end',
          delta: { finish_reason: 'COMPLETE', usage: cohereV2Usage(3, 2000, 69) },
        },
      },
    ]
    expect(readUsage(kept(SSE_TYPE, sse(events))).usage).toEqual({ inputTokens: 3, outputTokens: 2000 })
  })
})

describe('readUsage: Workers AI', () => {
  it('reads usage from the result envelope', () => {
    expect(readUsage(whole(JSON_TYPE, workersAiEnvelope(27, 52))).usage).toEqual({
      inputTokens: 27,
      outputTokens: 52,
    })
  })

  it('reads the usage event before [DONE] of a stream, whole and cut', () => {
    const events = [
      ...words(3000).map((response) => ({ data: { response, p: 'abcdefghijklmnopq' } })),
      { data: { response: '', usage: { prompt_tokens: 27, completion_tokens: 3000, total_tokens: 3027 } } },
      { data: '[DONE]' },
    ]
    const body = sse(events)
    expect(readUsage(whole(SSE_TYPE, body)).usage).toEqual({ inputTokens: 27, outputTokens: 3000 })
    expect(readUsage(kept(SSE_TYPE, body)).usage).toEqual({ inputTokens: 27, outputTokens: 3000 })
  })
})

describe('readUsage: Replicate', () => {
  it('reads metrics.input_token_count / output_token_count', () => {
    const prediction = {
      id: 'gm3qorzdhgbfurvjtvhg6dckhu',
      model: 'meta/meta-llama-3-70b-instruct',
      version: 'fbfb20b472b2f3bdd101412a9f70a0ed4fc0ced78a77ff00970ee7a2383c575d',
      input: { prompt: 'Hello' },
      logs: '',
      output: ['Hello', '!'],
      data_removed: false,
      error: null,
      status: 'succeeded',
      created_at: '2024-04-18T14:11:27.066Z',
      urls: { get: 'https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu' },
      metrics: {
        batch_size: 1,
        input_token_count: 18,
        output_token_count: 6,
        predict_time: 0.51,
        tokens_per_second: 27.4,
      },
    }
    expect(readUsage(whole(JSON_TYPE, prediction))).toEqual({
      usage: { inputTokens: 18, outputTokens: 6 },
      model: 'meta/meta-llama-3-70b-instruct',
    })
  })
})

describe('readUsage: other bodies', () => {
  it('returns nothing for binary audio', () => {
    const audio = Buffer.from([0xff, 0xfb, 0x90, 0x64, ...Buffer.from('{"usage":{"prompt_tokens":1}}')])
    expect(readUsage(whole('audio/mpeg', audio))).toEqual({})
  })

  it('finds usage in a large whole body whose last 32 KiB is keep-alive padding', () => {
    const body = openaiChatStream(6000, { prompt: 3, completion: 6000, cached: 0 }).replace(
      'data: [DONE]',
      `${': keep-alive\n\n'.repeat(3000)}data: [DONE]`,
    )
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024)
    expect(readUsage(whole(SSE_TYPE, body)).usage).toEqual({
      inputTokens: 3,
      outputTokens: 6000,
      cachedInputTokens: 0,
    })
  })

  const sane = (result: ReturnType<typeof readUsage>) => {
    for (const value of Object.values(result.usage ?? {}))
      expect(Number.isFinite(value) && value >= 0).toBe(true)
    if (result.model !== undefined) expect(typeof result.model).toBe('string')
  }

  it('returns only well-formed results for garbage, whole or cut', () => {
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const types = [JSON_TYPE, SSE_TYPE, EVENTSTREAM_TYPE, 'application/x-ndjson', '']
    const prefixes = ['{"usage":{', 'data: {"usage":', '[{"usageMetadata":', '']
    for (let i = 0; i < 100; i++) {
      const bytes = Buffer.alloc(Math.floor(random() * 60000))
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256)
      const body = Buffer.concat([Buffer.from(prefixes[i % prefixes.length]!), bytes])
      const contentType = types[i % types.length]!
      sane(readUsage({ contentType, body }))
      sane(readUsage({ contentType, head: body.subarray(0, 8192), tail: body.subarray(8192) }))
    }
    expect(readUsage(whole(JSON_TYPE, '{"usage": {"prompt_tokens": "many"}}'))).toEqual({})
  })
})
