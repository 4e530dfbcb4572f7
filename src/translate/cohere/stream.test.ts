import { describe, expect, it } from 'vitest'
import {
  FIXED_NOW_SECONDS,
  fixedOptions,
  fixtureText,
  replay,
  replayEach,
} from '../identity/test-support/fixtures.js'
import type { HubContext } from '../identity/hub-context.js'
import { cohereTranslator } from './index.js'

const translator = cohereTranslator(fixedOptions)
const head = (id: string) => ({
  id,
  object: 'chat.completion.chunk',
  created: FIXED_NOW_SECONDS,
  model: 'command-r-plus',
})
const choice = (delta: object, finish: string | null = null) => ({
  index: 0,
  delta,
  finish_reason: finish,
  logprobs: null,
})

describe('Cohere stream (F019)', () => {
  it('emits the role on message-start and each content delta as it arrives', () => {
    const { perEvent, atEnd } = replayEach(
      translator.stream({ model: 'command-r-plus', stream: true }),
      fixtureText(import.meta.url, 'text-stream.sse'),
    )
    const h = head('a8fc192e-4bb8-4e15-ae1f-a174e8b02ae8')
    expect(perEvent).toEqual([
      [{ ...h, choices: [choice({ role: 'assistant', content: '' })] }],
      [],
      [{ ...h, choices: [choice({ content: 'Coca' })] }],
      [{ ...h, choices: [choice({ content: '-Cola' })] }],
      [{ ...h, choices: [choice({ content: ' is a soft drink.' })] }],
      [],
      [{ ...h, choices: [choice({}, 'stop')] }],
    ])
    expect(atEnd).toEqual([])
  })

  it('adds the usage chunk at message-end when the client asked for usage', () => {
    const chunks = replay(
      translator.stream({ model: 'command-r-plus', stream: true, includeUsage: true } as HubContext),
      fixtureText(import.meta.url, 'text-stream.sse'),
    )
    expect(chunks.at(-1)).toEqual({
      ...head('a8fc192e-4bb8-4e15-ae1f-a174e8b02ae8'),
      choices: [],
      usage: { prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 },
    })
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true)
  })

  it('streams the tool plan as content and tool call arguments incrementally', () => {
    const chunks = replay(
      translator.stream({ model: 'command-r-plus', stream: true }),
      fixtureText(import.meta.url, 'tool-call-stream.sse'),
    )
    const h = head('fba98ad3-e5a1-413c-a8de-84fbf9baabf7')
    expect(chunks).toEqual([
      { ...h, choices: [choice({ role: 'assistant', content: '' })] },
      { ...h, choices: [choice({ content: 'I will search' })] },
      { ...h, choices: [choice({ content: ' for the weather.' })] },
      {
        ...h,
        choices: [
          choice({
            tool_calls: [
              {
                index: 0,
                id: 'get_weather_nsz5zm3w56q3',
                type: 'function',
                function: { name: 'get_weather', arguments: '' },
              },
            ],
          }),
        ],
      },
      { ...h, choices: [choice({ tool_calls: [{ index: 0, function: { arguments: '{\n    "' } }] })] },
      {
        ...h,
        choices: [choice({ tool_calls: [{ index: 0, function: { arguments: 'location": "Madrid"\n}' } }] })],
      },
      {
        ...h,
        choices: [
          choice({
            tool_calls: [
              {
                index: 1,
                id: 'get_weather_g3aboqjbvxz6',
                type: 'function',
                function: { name: 'get_weather', arguments: '' },
              },
            ],
          }),
        ],
      },
      {
        ...h,
        choices: [
          choice({ tool_calls: [{ index: 1, function: { arguments: '{"location": "Brasilia"}' } }] }),
        ],
      },
      { ...h, choices: [choice({}, 'tool_calls')] },
    ])
  })

  it('leaves out thinking content and maps MAX_TOKENS to length', () => {
    const chunks = replay(
      translator.stream({ model: 'command-a-reasoning-08-2025', stream: true }),
      fixtureText(import.meta.url, 'thinking-stream.sse'),
    )
    expect(chunks.map((chunk) => [chunk.choices[0]?.delta.content, chunk.choices[0]?.finish_reason])).toEqual(
      [
        ['', null],
        ['42', null],
        [undefined, 'length'],
      ],
    )
  })
})
