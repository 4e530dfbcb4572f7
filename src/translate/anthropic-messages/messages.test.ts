import { describe, expect, it } from 'vitest'
import type { OpenAIChatRequest } from '../types.js'
import { rejection, translate } from './test-support/translate-request.js'
import { anthropicRequestViolations } from './test-support/validate-anthropic-request.js'

describe('F019 OpenAI messages → Anthropic turns', () => {
  it('merges consecutive same-role messages into one turn', () => {
    const out = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'First.' },
        { role: 'user', content: 'Second.' },
        { role: 'assistant', content: 'A' },
        { role: 'assistant', content: 'B' },
        { role: 'user', content: 'Third.' },
      ],
    })
    expect((out.body as { messages: unknown }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First.' },
          { type: 'text', text: 'Second.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
      },
      { role: 'user', content: 'Third.' },
    ])
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it('opens with a placeholder user turn when history starts with the assistant, and says so', () => {
    const out = translate({
      model: 'x',
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: 'Tell me a joke.' },
      ],
    })
    expect((out.body as { messages: unknown }).messages).toEqual([
      { role: 'user', content: '(conversation continues)' },
      { role: 'assistant', content: 'Hello! How can I help?' },
      { role: 'user', content: 'Tell me a joke.' },
    ])
    expect(out.warnings).toEqual([
      "messages: Anthropic requires a leading user turn; inserted '(conversation continues)'",
    ])
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it('moves a mid-conversation system message to the system prompt with a warning', () => {
    const out = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Now answer in French.' },
        { role: 'user', content: 'Bye' },
      ],
    })
    expect(out.body).toMatchObject({
      system: 'Now answer in French.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'text', text: 'Bye' },
          ],
        },
      ],
    })
    expect(out.warnings).toEqual([
      'messages[1]: system message after the conversation started moved to the top-level system prompt',
    ])
  })

  it('trims trailing whitespace from a final assistant prefill, which Anthropic rejects', () => {
    const out = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'Write JSON' },
        { role: 'assistant', content: '{\n  ' },
      ],
    })
    expect((out.body as { messages: unknown[] }).messages[1]).toEqual({ role: 'assistant', content: '{' })
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it('turns a tool call with empty arguments into an empty input object', () => {
    const out = translate({
      model: 'x',
      messages: [
        { role: 'user', content: 'time?' },
        {
          role: 'assistant',
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'now', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 't1', content: '' },
      ],
      tools: [{ type: 'function', function: { name: 'now' } }],
    })
    expect(out.body).toMatchObject({
      messages: [
        { role: 'user', content: 'time?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'now', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }] },
      ],
      tools: [{ name: 'now', input_schema: { type: 'object', properties: {} } }],
    })
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it.each<[string, OpenAIChatRequest, string]>([
    ['no messages', { model: 'x', messages: [] }, 'messages: must be a non-empty array'],
    [
      'only system',
      { model: 'x', messages: [{ role: 'system', content: 'S' }] },
      'messages: at least one user or assistant message is required',
    ],
    [
      'audio input',
      {
        model: 'x',
        messages: [
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] },
        ],
      },
      "messages[0].content[0].type: content part 'input_audio' is not supported by Anthropic",
    ],
    [
      'bmp image',
      {
        model: 'x',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }],
          },
        ],
      },
      'messages[0].content[0].image_url.url: media type image/bmp is not supported (jpeg, png, gif, webp)',
    ],
    [
      'image in system',
      {
        model: 'x',
        messages: [
          { role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
          { role: 'user', content: 'Hi' },
        ],
      },
      "messages[0].content[0].type: only text parts are allowed here, got 'image_url'",
    ],
    [
      'tool result without call',
      {
        model: 'x',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'tool', tool_call_id: 'nope', content: 'r' },
        ],
      },
      "messages[1].tool_call_id: 'nope' does not answer a tool call of the preceding assistant message",
    ],
    [
      'unanswered tool call',
      {
        model: 'x',
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'user', content: 'and?' },
        ],
      },
      'messages[1].tool_calls: tool calls c1 have no tool message answering them before messages[2]',
    ],
    [
      'non-object arguments',
      {
        model: 'x',
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '[1' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'r' },
        ],
      },
      'messages[1].tool_calls[0].function.arguments: must be a JSON object, as Anthropic tool_use input is',
    ],
    [
      'legacy function role',
      { model: 'x', messages: [{ role: 'function', name: 'f', content: 'r' }] },
      "messages[0].role: legacy 'function' messages are not supported; use 'tool'",
    ],
  ])('rejects %s with a 400 naming the field', (_name, body, detail) => {
    const error = rejection(body)
    expect(error.kind).toBe('invalid_request')
    expect(error.status).toBe(400)
    expect(error.detail).toBe(detail)
  })
})
