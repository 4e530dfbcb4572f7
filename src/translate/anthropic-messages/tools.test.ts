import { describe, expect, it } from 'vitest'
import type { OpenAIChatRequest } from '../types.js'
import { rejection, translate, weatherTool } from './test-support/translate-request.js'
import { anthropicRequestViolations } from './test-support/validate-anthropic-request.js'

describe('F019 tools and tool_choice → Anthropic', () => {
  it.each([
    ['auto', true, { type: 'auto' }],
    ['auto', false, { type: 'auto', disable_parallel_tool_use: true }],
    ['none', true, { type: 'none' }],
    ['none', false, { type: 'none' }],
    ['required', true, { type: 'any' }],
    ['required', false, { type: 'any', disable_parallel_tool_use: true }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
  ] as const)('maps tool_choice %s with parallel_tool_calls=%s', (choice, parallel, expected) => {
    const out = translate({
      model: 'x',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [weatherTool],
      ...(choice ? { tool_choice: choice } : {}),
      parallel_tool_calls: parallel,
    })
    expect((out.body as { tool_choice?: unknown }).tool_choice).toEqual(expected)
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it('keeps strict, adds the object type a schema may omit, and passes descriptions', () => {
    const out = translate({
      model: 'x',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', strict: true, parameters: { properties: { q: { type: 'string' } } } },
        },
      ],
    })
    expect((out.body as { tools: unknown }).tools).toEqual([
      {
        name: 'lookup',
        strict: true,
        input_schema: { type: 'object', properties: { q: { type: 'string' } } },
      },
    ])
  })

  it.each<[string, OpenAIChatRequest, string]>([
    [
      'a non-function tool',
      {
        model: 'x',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'custom', custom: { name: 'g' } } as never],
      },
      "tools[0].type: 'custom' tools are not supported by Anthropic",
    ],
    [
      'duplicate tool names',
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }], tools: [weatherTool, weatherTool] },
      'tools: tool names must be unique',
    ],
    [
      'required without tools',
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }], tool_choice: 'required' },
      "tool_choice: 'required' needs at least one tool",
    ],
  ])('rejects %s', (_name, body, detail) => {
    expect(rejection(body).detail).toBe(detail)
  })
})

describe('F019 response_format as a forced JSON-answer tool', () => {
  const user = [{ role: 'user' as const, content: 'Who wrote the first program?' }]
  const personSchema = {
    type: 'object',
    properties: { name: { type: 'string' }, born: { type: 'integer' } },
    required: ['name', 'born'],
  }

  it('json_schema forces a call to the answer tool whose input_schema is the schema', () => {
    const out = translate({
      model: 'x',
      messages: user,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'person', schema: personSchema, strict: true },
      },
    })
    expect(out.body).toMatchObject({
      tools: [
        {
          name: 'aigw_json_response',
          description:
            "Reply to the user by calling this tool: its input is your entire answer, as a JSON object. The answer is a 'person' matching the input schema.",
          input_schema: personSchema,
          strict: true,
        },
      ],
      tool_choice: { type: 'tool', name: 'aigw_json_response', disable_parallel_tool_use: true },
    })
    expect(anthropicRequestViolations(out.body)).toEqual([])
  })

  it('json_object asks for any JSON object', () => {
    const out = translate({ model: 'x', messages: user, response_format: { type: 'json_object' } })
    expect((out.body as { tools: Array<{ input_schema: unknown }> }).tools[0]?.input_schema).toEqual({
      type: 'object',
    })
  })

  it("with the caller's tools, the model must call one of them or the answer tool", () => {
    const out = translate({
      model: 'x',
      messages: user,
      tools: [weatherTool],
      response_format: { type: 'json_object' },
    })
    const body = out.body as { tools: Array<{ name: string }>; tool_choice: unknown }
    expect(body.tools.map((t) => t.name)).toEqual(['get_weather', 'aigw_json_response'])
    expect(body.tool_choice).toEqual({ type: 'any' })
  })

  it('tool_choice none still forces the JSON answer', () => {
    const out = translate({
      model: 'x',
      messages: user,
      tools: [weatherTool],
      tool_choice: 'none',
      response_format: { type: 'json_object' },
    })
    expect((out.body as { tool_choice: unknown }).tool_choice).toEqual({
      type: 'tool',
      name: 'aigw_json_response',
      disable_parallel_tool_use: true,
    })
  })

  it('is not applied when tool_choice forces a tool call, with a warning', () => {
    const out = translate({
      model: 'x',
      messages: user,
      tools: [weatherTool],
      tool_choice: 'required',
      response_format: { type: 'json_object' },
    })
    expect((out.body as { tools: unknown[] }).tools).toHaveLength(1)
    expect(out.warnings).toEqual([
      'response_format: not applied because tool_choice forces a tool call, whose output is not JSON text',
    ])
  })

  it('rejects a non-object root schema', () => {
    const error = rejection({
      model: 'x',
      messages: user,
      response_format: { type: 'json_schema', json_schema: { name: 'list', schema: { type: 'array' } } },
    })
    expect(error.detail).toBe(
      "response_format.json_schema.schema.type: must be 'object' (Anthropic tool input is an object)",
    )
  })
})
