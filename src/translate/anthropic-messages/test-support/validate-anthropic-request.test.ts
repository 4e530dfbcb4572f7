import { describe, expect, it } from 'vitest'
import { anthropicRequestViolations } from './validate-anthropic-request.js'

const valid = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [
    { role: 'user', content: 'Weather?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'w', input: {} }] },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't1', content: 'sunny' },
        { type: 'text', text: 'thanks' },
      ],
    },
  ],
  tools: [{ name: 'w', input_schema: { type: 'object' } }],
  tool_choice: { type: 'tool', name: 'w' },
}

describe('the Anthropic request validator used by the translator tests', () => {
  it('accepts a valid request', () => {
    expect(anthropicRequestViolations(valid)).toEqual([])
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['missing max_tokens', { max_tokens: undefined }, 'max_tokens: non-negative integer required'],
    ['an OpenAI field', { n: 1 }, 'n: Extra inputs are not permitted'],
    ['temperature above 1', { temperature: 1.5 }, 'temperature: must be in [0, 1]'],
    [
      'tool_choice for an unknown tool',
      { tool_choice: { type: 'tool', name: 'x' } },
      'tool_choice.name: unknown tool',
    ],
    [
      'leading assistant',
      { messages: [{ role: 'assistant', content: 'hi' }] },
      'messages.0.role: roles must alternate starting with user',
    ],
    [
      'same role twice',
      {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      },
      'messages.1.role: roles must alternate starting with user',
    ],
    [
      'empty text',
      { messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] },
      'messages.0.content.0: text must be a non-empty string',
    ],
    [
      'unanswered tool_use',
      { messages: [valid.messages[0], valid.messages[1], { role: 'user', content: 'next' }] },
      'messages.1: tool_use t1 has no tool_result after it',
    ],
    [
      'tool_result after text',
      {
        messages: [
          valid.messages[0],
          valid.messages[1],
          {
            role: 'user',
            content: [
              { type: 'text', text: 'x' },
              { type: 'tool_result', tool_use_id: 't1' },
            ],
          },
        ],
      },
      'messages.2: tool_result blocks must come first',
    ],
    [
      'stray tool_result',
      { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'zz' }] }] },
      'messages.0: tool_result zz has no tool_use in the previous message',
    ],
    [
      'trailing whitespace prefill',
      {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b ' },
        ],
      },
      'messages: final assistant content cannot end with trailing whitespace',
    ],
  ])('reports %s', (_name, patch, violation) => {
    const body = Object.fromEntries(Object.entries({ ...valid, ...patch }).filter(([, v]) => v !== undefined))
    expect(anthropicRequestViolations(body)).toContain(violation)
  })
})
