import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { fixtureJson } from '../anthropic-messages/test-support/fixtures.js'
import type { OpenAIChatCompletion, OpenAIFinishReason } from '../types.js'
import { anthropicInputTranslator } from './index.js'

const fromHub = (completion: OpenAIChatCompletion) => anthropicInputTranslator.response(completion)

function completion(
  message: Record<string, unknown>,
  finish: OpenAIFinishReason | null = 'stop',
): OpenAIChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, ...message },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
  }
}

describe('OpenAI hub completion → Anthropic Message', () => {
  it('maps text and tool calls to blocks, finish_reason to stop_reason and cached tokens to cache reads', () => {
    expect(fromHub(fixtureJson(import.meta.url, 'hub-completion-tool.json') as OpenAIChatCompletion)).toEqual(
      {
        id: 'chatcmpl-BjQh8Xs4Ne2Vb6Km0Lp3Qr7Tw9Yz1',
        type: 'message',
        role: 'assistant',
        model: 'gpt-4o-2024-08-06',
        content: [
          { type: 'text', text: 'Let me look that up.' },
          {
            type: 'tool_use',
            id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
            name: 'get_weather',
            input: { location: 'Paris, France', unit: 'celsius' },
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 192,
          output_tokens: 25,
          cache_read_input_tokens: 1920,
          cache_creation_input_tokens: 0,
        },
      },
    )
  })

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
  ] as const)('maps finish_reason %s to stop_reason %s', (finish, stop) => {
    expect(fromHub(completion({ content: 'x' }, finish)).stop_reason).toBe(stop)
  })

  it('returns an OpenAI refusal as text with stop_reason refusal', () => {
    const out = fromHub(completion({ content: null, refusal: "I can't help with that." }))
    expect(out.content).toEqual([{ type: 'text', text: "I can't help with that." }])
    expect(out.stop_reason).toBe('refusal')
  })

  it('gives an empty content list for an empty answer', () => {
    expect(fromHub(completion({ content: '' }, 'length')).content).toEqual([])
  })

  it('refuses tool arguments that are not a JSON object, which Anthropic clients could not read', () => {
    const bad = completion(
      { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] },
      'tool_calls',
    )
    expect(() => fromHub(bad)).toThrow(GatewayError)
    expect(() => fromHub(bad)).toThrow(
      'choices[0].message.tool_calls[0].function.arguments is not a JSON object',
    )
  })
})
