import { describe, expect, it } from 'vitest'
import type { OpenAIChatRequest } from '../types.js'
import { rejection, translate, weatherTool } from './test-support/translate-request.js'
import { anthropicRequestViolations } from './test-support/validate-anthropic-request.js'

describe('F019 OpenAI chat request → Anthropic Messages', () => {
  it('carries system, history, tool calls, tool results, images, tools and sampling fields', () => {
    const out = translate({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where these photos were taken?' },
            { type: 'image_url', image_url: { url: 'https://example.com/paris.jpg' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Lyon"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C, clear' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '21°C, cloudy' }] },
        { role: 'user', content: 'Which is warmer?' },
      ],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      user: 'user-42',
    })
    expect(out.path).toBe('/v1/messages')
    expect(out.headers).toEqual({ 'anthropic-version': '2023-06-01' })
    expect(out.warnings).toEqual([])
    expect(out.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in English.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where these photos were taken?' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/paris.jpg' } },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking both.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Lyon' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18°C, clear' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '21°C, cloudy' },
            { type: 'text', text: 'Which is warmer?' },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    })
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it.each([
    ['claude-3-haiku-20240307', 4096],
    ['claude-3-opus-20240229', 4096],
    ['claude-3-5-sonnet-20241022', 8192],
    ['claude-sonnet-4-5', 8192],
  ])('defaults max_tokens for %s to %d when the caller sets no limit', (model, expected) => {
    const out = translate(
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      { model, stream: false },
    )
    expect((out.body as { max_tokens: number }).max_tokens).toBe(expected)
  })

  it('defaults max_tokens to 4096 for Claude 3 and sets stream for streaming calls', () => {
    const out = translate(
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      { model: 'claude-3-haiku', stream: true },
    )
    expect(out.body).toEqual({
      model: 'claude-3-haiku',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    })
  })

  it('takes max_tokens when max_completion_tokens is absent, and prefers max_completion_tokens', () => {
    const out = translate({ model: 'x', max_tokens: 77, messages: [{ role: 'user', content: 'Hi' }] })
    expect(out.body).toMatchObject({ max_tokens: 77 })
    const both = translate({
      model: 'x',
      max_tokens: 77,
      max_completion_tokens: 99,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(both.body).toMatchObject({ max_tokens: 99 })
    expect(both.warnings).toEqual([
      'max_tokens: both max_tokens and max_completion_tokens set; max_completion_tokens used',
    ])
  })

  it('carries a PDF file part as a document block and keeps cache_control hints', () => {
    const out = translate({
      model: 'x',
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK', filename: 'report.pdf' },
            },
            { type: 'text', text: 'Summarise.', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
    })
    expect((out.body as { messages: unknown[] }).messages[0]).toEqual({
      role: 'user',
      content: [
        {
          type: 'document',
          source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' },
          title: 'report.pdf',
        },
        { type: 'text', text: 'Summarise.', cache_control: { type: 'ephemeral' } },
      ],
    })
  })

  it('reports lossy but harmless fields as warnings', () => {
    const out = translate({
      model: 'x',
      messages: [{ role: 'user', content: 'Hi', name: 'alice' }],
      seed: 7,
      temperature: 1.6,
      frequency_penalty: 0.5,
      reasoning_effort: 'high',
    })
    expect(out.body).toMatchObject({ temperature: 1 })
    expect(out.warnings).toEqual([
      'messages[0].name: Anthropic has no participant names; ignored',
      "temperature: 1.6 exceeds Anthropic's maximum of 1; sent 1",
      'seed: not supported by Anthropic; ignored',
      'frequency_penalty: not supported by Anthropic; ignored',
      'reasoning_effort: not supported by Anthropic; ignored',
    ])
  })

  it.each<[string, OpenAIChatRequest, string]>([
    [
      'n > 1',
      { model: 'x', n: 2, messages: [{ role: 'user', content: 'Hi' }] },
      'n: Anthropic returns a single choice; n must be 1',
    ],
    [
      'logprobs',
      { model: 'x', logprobs: true, messages: [{ role: 'user', content: 'Hi' }] },
      'logprobs: Anthropic does not return log probabilities',
    ],
    [
      'named tool_choice for an unknown tool',
      {
        model: 'x',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [weatherTool],
        tool_choice: { type: 'function', function: { name: 'other' } },
      },
      "tool_choice.function.name: no tool named 'other' in tools",
    ],
    [
      'reserved tool name',
      {
        model: 'x',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'aigw_json_response' } }],
      },
      "tools[0].function.name: 'aigw_json_response' is reserved by the gateway",
    ],
  ])('rejects %s with a 400 naming the field', (_name, body, detail) => {
    const error = rejection(body)
    expect(error.kind).toBe('invalid_request')
    expect(error.status).toBe(400)
    expect(error.detail).toBe(detail)
  })
})
