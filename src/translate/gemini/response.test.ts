import { describe, expect, it } from 'vitest'
import { FIXED_ID, FIXED_NOW_SECONDS, fixedOptions, fixtureJson } from '../identity/test-support/fixtures.js'
import type { HubContext } from '../identity/hub-context.js'
import { aiStudioPath, geminiTranslator } from './index.js'

const translator = geminiTranslator({ ...fixedOptions, pathFor: aiStudioPath })
const context = (model = 'gemini-2.5-flash'): HubContext => ({ model, stream: false, warnings: [] })

describe('Gemini response (F019, F023)', () => {
  it('maps a text answer with thinking tokens counted as completion tokens', () => {
    expect(translator.response(fixtureJson(import.meta.url, 'text.json'), context())).toEqual({
      id: 'xq9oaPGKHuCWz7IP7pus0Qo',
      object: 'chat.completion',
      created: FIXED_NOW_SECONDS,
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'The capital of France is **Paris**.' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 14, completion_tokens: 413, total_tokens: 427 },
    })
  })

  it('maps parallel function calls to tool_calls with generated ids and finish_reason tool_calls', () => {
    const completion = translator.response(fixtureJson(import.meta.url, 'tool-call.json'), context())
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
            },
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"London","unit":"celsius"}' },
            },
          ],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ])
    expect(completion.usage).toEqual({ prompt_tokens: 96, completion_tokens: 119, total_tokens: 215 })
  })

  it('takes created from Vertex createTime and reports cached prompt tokens', () => {
    const ctx = context('google/gemini-2.5-pro')
    const completion = translator.response(fixtureJson(import.meta.url, 'vertex-text.json'), ctx)
    expect(completion).toMatchObject({
      id: 'LOxoaLnjN_3Y2PgP4pDp0A8',
      created: Math.floor(Date.parse('2025-07-05T09:12:44.913761Z') / 1000),
      model: 'gemini-2.5-pro',
      choices: [{ index: 0, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 2058,
        completion_tokens: 523,
        total_tokens: 2581,
        prompt_tokens_details: { cached_tokens: 1932 },
      },
    })
    expect(ctx.warnings).toEqual([])
  })

  it('answers a blocked prompt with an empty content_filter choice and a warning', () => {
    const ctx = context()
    const completion = translator.response(fixtureJson(import.meta.url, 'blocked-prompt.json'), ctx)
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null },
        finish_reason: 'content_filter',
        logprobs: null,
      },
    ])
    expect(completion.usage).toEqual({ prompt_tokens: 31, completion_tokens: 0, total_tokens: 31 })
    expect(ctx.warnings).toEqual(['Gemini blocked the prompt: PROHIBITED_CONTENT'])
  })

  it('maps a SAFETY stop to content_filter', () => {
    const completion = translator.response(
      fixtureJson(import.meta.url, 'safety.json'),
      context('gemini-2.0-flash'),
    )
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null },
        finish_reason: 'content_filter',
        logprobs: null,
      },
    ])
  })

  it.each([
    ['MAX_TOKENS', 'length'],
    ['RECITATION', 'content_filter'],
    ['SPII', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['OTHER', 'stop'],
  ])('maps finishReason %s to %s', (reason, expected) => {
    const body = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason: reason, index: 0 }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    }
    expect(translator.response(body, context()).choices[0]?.finish_reason).toBe(expected)
  })

  it('maps several candidates (n) to choices, skips thought parts and warns about parts it cannot carry', () => {
    const ctx = context()
    const body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'thinking…', thought: true }, { text: 'A' }] },
          finishReason: 'STOP',
          index: 0,
        },
        {
          content: {
            role: 'model',
            parts: [{ text: 'B' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }],
          },
          finishReason: 'STOP',
          index: 1,
        },
      ],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
    }
    const completion = translator.response(body, ctx)
    expect(completion.choices.map((choice) => choice.message.content)).toEqual(['A', 'B'])
    expect(completion.id).toBe(FIXED_ID)
    expect(ctx.warnings).toEqual(['Gemini returned inlineData parts the chat schema cannot carry; dropped'])
  })

  it('reports zero usage with a warning when usageMetadata is missing', () => {
    const ctx = context()
    const completion = translator.response(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason: 'STOP' }] },
      ctx,
    )
    expect(completion.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })
    expect(ctx.warnings).toEqual(['upstream reported no token usage; usage is reported as zeros'])
  })
})
