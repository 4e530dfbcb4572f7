import { describe, expect, it } from 'vitest'
import { FIXED_NOW_SECONDS, fixedOptions, fixtureJson } from '../identity/test-support/fixtures.js'
import type { HubContext } from '../identity/hub-context.js'
import { cohereTranslator } from './index.js'

const translator = cohereTranslator(fixedOptions)
const context = (): HubContext => ({ model: 'command-r-plus', stream: false, warnings: [] })

describe('Cohere response (F019, F023)', () => {
  it('maps a text answer, using billed units as usage and the provider model as model', () => {
    expect(translator.response(fixtureJson(import.meta.url, 'text.json'), context())).toEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      object: 'chat.completion',
      created: FIXED_NOW_SECONDS,
      model: 'command-r-plus',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content:
              'An LLM, or large language model, is a neural network trained on large amounts of text to understand and generate language.',
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 26, total_tokens: 31 },
    })
  })

  it('maps tool calls, with the tool plan as content', () => {
    const completion = translator.response(fixtureJson(import.meta.url, 'tool-call.json'), context())
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'I will look up the weather in Madrid and Brasilia.',
          tool_calls: [
            {
              id: 'get_weather_1byjy32y4hvq',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Madrid"}' },
            },
            {
              id: 'get_weather_8d3fn2s9x1ka',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Brasilia"}' },
            },
          ],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ])
    expect(completion.usage).toEqual({ prompt_tokens: 37, completion_tokens: 28, total_tokens: 65 })
  })

  it('maps MAX_TOKENS to length', () => {
    expect(
      translator.response(fixtureJson(import.meta.url, 'max-tokens.json'), context()).choices[0]
        ?.finish_reason,
    ).toBe('length')
  })

  it('falls back to raw token counts without billed units, and warns on an ERROR finish', () => {
    const ctx = context()
    const completion = translator.response(
      {
        id: 'x',
        finish_reason: 'ERROR',
        message: {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm' },
            { type: 'text', text: 'Partial' },
          ],
        },
        usage: { tokens: { input_tokens: 10, output_tokens: 3 } },
      },
      ctx,
    )
    expect(completion.choices[0]).toMatchObject({ message: { content: 'Partial' }, finish_reason: 'stop' })
    expect(completion.usage).toEqual({ prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 })
    expect(ctx.warnings).toEqual(['Cohere ended the generation with ERROR'])
  })
})
