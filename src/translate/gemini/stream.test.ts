import { describe, expect, it } from 'vitest'
import { UpstreamStreamError } from '../identity/hub-errors.js'
import {
  FIXED_NOW_SECONDS,
  fixedOptions,
  fixtureText,
  replay,
  replayEach,
  sseEvents,
  thrown,
} from '../identity/test-support/fixtures.js'
import type { HubContext } from '../identity/hub-context.js'
import { aiStudioPath, geminiTranslator } from './index.js'

const translator = geminiTranslator({ ...fixedOptions, pathFor: aiStudioPath })
const base = {
  id: 'fk9oaPr5EaGhz7IPlL7ZqQ8',
  object: 'chat.completion.chunk',
  created: FIXED_NOW_SECONDS,
  model: 'gemini-2.5-flash',
}

describe('Gemini stream (F019)', () => {
  it('emits each text delta as soon as its event arrives, then the finish chunk', () => {
    const { perEvent, atEnd } = replayEach(
      translator.stream({ model: 'gemini-2.5-flash', stream: true }),
      fixtureText(import.meta.url, 'text-stream.sse'),
    )
    expect(perEvent).toEqual([
      [
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { role: 'assistant', content: 'Why did the scarecrow' },
              finish_reason: null,
              logprobs: null,
            },
          ],
        },
      ],
      [
        {
          ...base,
          choices: [
            {
              index: 0,
              delta: { content: ' win an award?\n\nBecause he was outstanding' },
              finish_reason: null,
              logprobs: null,
            },
          ],
        },
      ],
      [
        {
          ...base,
          choices: [{ index: 0, delta: { content: ' in his field!' }, finish_reason: null, logprobs: null }],
        },
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] },
      ],
    ])
    expect(atEnd).toEqual([])
  })

  it('ends with the last usage when the client asked for it, with usage: null on the other chunks', () => {
    const chunks = replay(
      translator.stream({ model: 'gemini-2.5-flash', stream: true, includeUsage: true } as HubContext),
      fixtureText(import.meta.url, 'text-stream.sse'),
    )
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true)
    expect(chunks.at(-1)).toEqual({
      ...base,
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 348, total_tokens: 357 },
    })
  })

  it('emits each whole function call as one tool_calls delta with full arguments and finishes with tool_calls', () => {
    const chunks = replay(
      translator.stream({ model: 'gemini-2.5-flash', stream: true }),
      fixtureText(import.meta.url, 'tool-call-stream.sse'),
    )
    const head = { ...base, id: '6rJoaM-PJ9Sbz7IPxbPv0Qk' }
    expect(chunks).toEqual([
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: 'Let me look that up for both cities.' },
            finish_reason: null,
            logprobs: null,
          },
        ],
      },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: 0,
                  id: 'call_0',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
                },
                {
                  index: 1,
                  id: 'call_1',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"London","unit":"celsius"}' },
                },
              ],
            },
            finish_reason: null,
            logprobs: null,
          },
        ],
      },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls', logprobs: null }] },
    ])
  })

  it('turns an error event after the stream started into an UpstreamStreamError in OpenAI shape', () => {
    const stream = translator.stream({ model: 'gemini-2.5-pro', stream: true })
    const [first, second] = sseEvents(fixtureText(import.meta.url, 'error-mid-stream.sse'))
    expect(stream.push(first ?? { data: '' })).toHaveLength(1)
    const error = thrown(() => stream.push(second ?? { data: '' }))
    expect(error).toBeInstanceOf(UpstreamStreamError)
    expect((error as UpstreamStreamError).status).toBe(503)
    expect((error as UpstreamStreamError).body).toEqual({
      error: {
        message: 'The model is overloaded. Please try again later.',
        type: 'server_error',
        param: null,
        code: 'UNAVAILABLE',
      },
    })
  })

  it('finishes with content_filter when the prompt is blocked', () => {
    const stream = translator.stream({ model: 'gemini-2.5-flash', stream: true })
    const chunks = stream.push({
      data: '{"promptFeedback": {"blockReason": "SAFETY"},"usageMetadata": {"promptTokenCount": 8,"totalTokenCount": 8},"modelVersion": "gemini-2.5-flash","responseId": "x1"}',
    })
    expect(chunks).toEqual([
      {
        id: 'x1',
        object: 'chat.completion.chunk',
        created: FIXED_NOW_SECONDS,
        model: 'gemini-2.5-flash',
        choices: [
          { index: 0, delta: { role: 'assistant' }, finish_reason: 'content_filter', logprobs: null },
        ],
      },
    ])
  })
})
