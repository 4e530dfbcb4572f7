import { describe, expect, it } from 'vitest'
import { SKIP_THOUGHT_SIGNATURE } from './contents.js'
import { flash, invalid, translate, translator, weatherTool } from './test-support/request-helpers.js'

describe('Gemini request: tools (F019)', () => {
  it('converts tools to functionDeclarations with the OpenAPI subset, warning once per dropped keyword', () => {
    const request = translate({
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    })
    expect(request.body).toMatchObject({
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Current weather for a city',
              parameters: {
                type: 'OBJECT',
                properties: {
                  city: { type: 'STRING', description: 'City name' },
                  unit: { type: 'STRING', nullable: true, enum: ['celsius', 'fahrenheit'] },
                },
                required: ['city', 'unit'],
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
    })
    expect(request.warnings).toEqual([
      'tools[0].function.parameters.$schema: not supported by Gemini, dropped',
      'tools[0].function.parameters.additionalProperties: not supported by Gemini, dropped',
    ])
  })

  it('declares a function without arguments without parameters', () => {
    const request = translate({
      messages: [{ role: 'user', content: 'Time?' }],
      tools: [
        { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
      ],
    })
    expect(request.body).toMatchObject({ tools: [{ functionDeclarations: [{ name: 'now' }] }] })
  })

  it.each([
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'get_weather' } },
      { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    ],
  ] as const)('maps tool_choice %j to functionCallingConfig', (choice, config) => {
    const request = translate({
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [weatherTool],
      tool_choice: choice,
    })
    expect(request.body).toMatchObject({ toolConfig: { functionCallingConfig: config } })
  })

  it('rejects a tool_choice naming an undeclared function', () => {
    const message = invalid(() =>
      translate({
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [weatherTool],
        tool_choice: { type: 'function', function: { name: 'nope' } },
      }),
    )
    expect(message).toContain('tool_choice.function.name: "nope" is not one of the declared tools')
  })

  it('replays assistant tool calls as functionCall parts and tool results as functionResponse parts in one user turn', () => {
    const request = translate({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris and London?' },
        {
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
        { role: 'tool', tool_call_id: 'call_0', content: '{"temperature":21}' },
        { role: 'tool', tool_call_id: 'call_1', content: 'cloudy, 15 degrees' },
      ],
    })
    expect(request.body).toMatchObject({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris and London?' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } } },
            { functionCall: { name: 'get_weather', args: { city: 'London', unit: 'celsius' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { temperature: 21 } } },
            { functionResponse: { name: 'get_weather', response: { output: 'cloudy, 15 degrees' } } },
          ],
        },
      ],
    })
  })

  it('finds the function of a reused tool_call_id in the latest assistant turn', () => {
    const tools = [
      weatherTool,
      {
        type: 'function' as const,
        function: {
          name: 'get_time',
          parameters: { type: 'object', properties: { tz: { type: 'string' } } },
        },
      },
    ]
    const request = translate({
      tools,
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":null}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: 'snow' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'call_0', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: '09:00' },
      ],
    })
    const contents = (request.body as { contents: Array<{ parts: unknown[] }> }).contents
    expect(contents[4]?.parts).toEqual([
      { functionResponse: { name: 'get_time', response: { output: '09:00' } } },
    ])
  })

  it('rejects a tool result whose tool_call_id matches no earlier tool call', () => {
    const message = invalid(() =>
      translator.request(
        {
          model: 'x',
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'tool', tool_call_id: 'call_9', content: 'x' },
          ],
        },
        flash,
      ),
    )
    expect(message).toContain(
      'messages[1].tool_call_id: no earlier assistant message has a tool call with id "call_9"',
    )
  })

  it('rejects tool call arguments that are not a JSON object', () => {
    const message = invalid(() =>
      translator.request(
        {
          model: 'x',
          tools: [weatherTool],
          messages: [
            { role: 'user', content: 'Hi' },
            {
              role: 'assistant',
              tool_calls: [
                { id: 'a', type: 'function', function: { name: 'get_weather', arguments: '{oops' } },
              ],
            },
          ],
        },
        flash,
      ),
    )
    expect(message).toContain('messages[1].tool_calls[0].function.arguments: is not valid JSON')
  })

  it('signs replayed function calls for Gemini 3, which validates thought signatures', () => {
    const request = translate(
      {
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            tool_calls: [
              {
                id: 'call_0',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Rome","unit":null}' },
              },
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Bari","unit":null}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_0', content: 'sun' },
          { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
        ],
      },
      { model: 'gemini-3-pro-preview', stream: false },
    )
    const model = (request.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> }).contents[1]
    expect(model?.parts.map((part) => part.thoughtSignature)).toEqual([SKIP_THOUGHT_SIGNATURE, undefined])
    const older = translate({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'sun' },
      ],
    })
    expect(JSON.stringify(older.body)).not.toContain('thoughtSignature')
  })
})
