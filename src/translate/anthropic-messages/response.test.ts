import { describe, expect, it } from 'vitest'
import type { Clock } from '../../core/clock.js'
import { GatewayError } from '../../core/errors.js'
import type { HubContext } from '../identity/hub-context.js'
import { createAnthropicMessagesTranslator } from './index.js'
import { fixtureJson } from './test-support/fixtures.js'

const clock: Clock = { now: () => 1_750_000_000_500 }
const translator = createAnthropicMessagesTranslator({ clock })
const context = { model: 'claude-sonnet-4-5', stream: false }
const fixture = (name: string) => fixtureJson(import.meta.url, name)

describe('F019 Anthropic Message → OpenAI chat completion', () => {
  it('maps text + tool_use to content + tool_calls with finish_reason tool_calls', () => {
    expect(translator.response(fixture('tool-use-response.json'), context)).toEqual({
      id: 'msg_01Aq9w938a90dw8q',
      object: 'chat.completion',
      created: 1_750_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: "I'll check the current weather in San Francisco for you.",
            refusal: null,
            tool_calls: [
              {
                id: 'toolu_01A09q90qw90lq917835lq9',
                type: 'function',
                function: {
                  name: 'get_weather',
                  arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
                },
              },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 384,
        completion_tokens: 76,
        total_tokens: 460,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    })
  })

  it('counts cache reads and writes as prompt tokens and reports reads as cached (F023 usage)', () => {
    const out = translator.response(fixture('stop-sequence-response.json'), context)
    expect(out.choices[0]?.finish_reason).toBe('stop')
    expect(out.choices[0]?.message.content).toBe('1, 2, 3, 4')
    expect(out.usage).toEqual({
      prompt_tokens: 21 + 4096 + 1536,
      completion_tokens: 11,
      total_tokens: 21 + 4096 + 1536 + 11,
      prompt_tokens_details: { cached_tokens: 4096 },
    })
  })

  it('returns the forced JSON-answer tool input as the message content, finishing with stop', () => {
    const out = translator.response(fixture('json-mode-response.json'), context)
    expect(out.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: '{"name":"Ada Lovelace","born":1815}', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    })
  })

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['refusal', 'content_filter'],
  ])('maps stop_reason %s to finish_reason %s', (stopReason, finish) => {
    const body = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [],
      stop_reason: stopReason,
      usage: { input_tokens: 1, output_tokens: 0 },
    }
    const out = translator.response(body, context)
    expect(out.choices[0]?.finish_reason).toBe(finish)
    expect(out.choices[0]?.message.content).toBe('')
  })

  it('leaves thinking blocks out of the reply', () => {
    const body = {
      id: 'msg_2',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [
        { type: 'thinking', thinking: 'Let me add.', signature: 'EqQBCkYIBxgC' },
        { type: 'text', text: '4' },
      ],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 5, output_tokens: 9 },
    }
    const warnings: string[] = []
    const withSink: HubContext = { ...context, warnings }
    expect(translator.response(body, withSink).choices[0]?.message.content).toBe('4')
    expect(warnings).toEqual(["content[0]: 'thinking' blocks have no OpenAI counterpart; left out"])
  })

  it('falls back to the requested model id when the upstream omits it (F023)', () => {
    const body = {
      id: 'msg_3',
      type: 'message',
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 },
    }
    expect(translator.response(body, context).model).toBe('claude-sonnet-4-5')
  })

  it('refuses a body that is not an Anthropic message', () => {
    expect(() =>
      translator.response({ type: 'error', error: { type: 'api_error', message: 'x' } }, context),
    ).toThrow(GatewayError)
    expect(() => translator.response({ type: 'message', content: 'text' }, context)).toThrow(
      'unexpected upstream response: content is not an array',
    )
  })
})
