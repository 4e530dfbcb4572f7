import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { thrown } from '../identity/test-support/fixtures.js'
import type { OpenAIChatRequest } from '../types.js'
import { cohereTranslator } from './index.js'
import { validateCohereRequest } from './test-support/validate-cohere-request.js'

const translator = cohereTranslator()
const context = { model: 'command-r-plus', stream: false }

function translate(body: Partial<OpenAIChatRequest>, ctx = context) {
  const request = translator.request({ model: 'cohere/command-r-plus', messages: [], ...body }, ctx)
  expect(validateCohereRequest(request.body)).toEqual([])
  return request
}

function invalid(fn: () => unknown): string {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(GatewayError)
  return (error as GatewayError).message
}

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
}
const clock = {
  type: 'function' as const,
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
}

describe('Cohere request (F019)', () => {
  it('F013 maps messages and sampling fields onto /v2/chat with the provider model', () => {
    const request = translate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'What is an LLM?' },
      ],
      max_completion_tokens: 200,
      temperature: 0.3,
      top_p: 0.75,
      stop: ['\n\n'],
      seed: 42,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
    })
    expect(request.path).toBe('/v2/chat')
    expect(request.warnings).toEqual([])
    expect(request.body).toEqual({
      model: 'command-r-plus',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'What is an LLM?' },
      ],
      max_tokens: 200,
      temperature: 0.3,
      p: 0.75,
      stop_sequences: ['\n\n'],
      seed: 42,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
    })
  })

  it('sets stream and carries image parts', () => {
    const request = translate(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
            ],
          },
        ],
      },
      { model: 'command-a-vision-07-2025', stream: true },
    )
    expect(request.body).toEqual({
      model: 'command-a-vision-07-2025',
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
      ],
    })
  })

  it('replays tool calls with their plan and tool results by id', () => {
    const request = translate({
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Madrid?' },
        {
          role: 'assistant',
          content: 'I will look it up.',
          tool_calls: [
            {
              id: 'get_weather_1byjy32y4hvq',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Madrid"}' },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'get_weather_1byjy32y4hvq',
          content: [{ type: 'text', text: '{"temperature":"24C"}' }],
        },
      ],
    })
    expect(request.body).toMatchObject({
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Madrid?' },
        {
          role: 'assistant',
          tool_plan: 'I will look it up.',
          tool_calls: [
            {
              id: 'get_weather_1byjy32y4hvq',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Madrid"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'get_weather_1byjy32y4hvq', content: '{"temperature":"24C"}' },
      ],
    })
  })

  it.each([
    ['none', { tool_choice: 'NONE' }, ['get_weather', 'get_time']],
    ['required', { tool_choice: 'REQUIRED' }, ['get_weather', 'get_time']],
    ['auto', {}, ['get_weather', 'get_time']],
  ] as const)('maps tool_choice %s', (choice, expected, names) => {
    const request = translate({
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [weather, clock],
      tool_choice: choice,
    })
    const body = request.body as { tools: Array<{ function: { name: string } }>; tool_choice?: string }
    expect(body.tool_choice).toBe((expected as { tool_choice?: string }).tool_choice)
    expect(body.tools.map((tool) => tool.function.name)).toEqual(names)
  })

  it('forces one named function by offering only it and requiring a call', () => {
    const request = translate({
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [weather, clock],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    })
    expect(request.body).toMatchObject({ tools: [clock], tool_choice: 'REQUIRED' })
  })

  it('sets strict_tools only when every tool is strict', () => {
    const all = translate({
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ ...weather, function: { ...weather.function, strict: true } }],
    })
    expect(all.body).toMatchObject({ strict_tools: true })
    const some = translate({
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ ...weather, function: { ...weather.function, strict: true } }, clock],
    })
    expect(some.body).not.toHaveProperty('strict_tools')
    expect(some.warnings).toEqual([
      'tools[].function.strict: Cohere applies strictness to all tools or none; sent non-strict',
    ])
  })

  it('maps response_format json_object and json_schema to Cohere JSON mode', () => {
    expect(
      translate({ messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'json_object' } })
        .body,
    ).toMatchObject({ response_format: { type: 'json_object' } })
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }
    expect(
      translate({
        messages: [{ role: 'user', content: 'Hi' }],
        response_format: { type: 'json_schema', json_schema: { name: 'book', schema } },
      }).body,
    ).toMatchObject({ response_format: { type: 'json_object', json_schema: schema } })
  })

  it('rejects what Cohere cannot express, naming the field', () => {
    expect(invalid(() => translate({ messages: [{ role: 'user', content: 'Hi' }], n: 2 }))).toContain(
      'n: Cohere returns a single choice',
    )
    expect(
      invalid(() =>
        translate({
          messages: [
            { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
          ],
        }),
      ),
    ).toContain('messages[0].content[0].type: "input_audio" is not supported by Cohere')
    expect(invalid(() => translate({ messages: [{ role: 'system', content: 'rules only' }] }))).toContain(
      'messages: Cohere needs at least one user message',
    )
    expect(
      invalid(() =>
        translate({ messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'retrieval' } as never] }),
      ),
    ).toContain('tools[0].type: only "function" tools are supported by Cohere')
  })

  it('warns about fields it drops', () => {
    const request = translate({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'Again' },
      ],
      logprobs: true,
      service_tier: 'auto',
    })
    expect(request.warnings).toEqual([
      'messages[1]: empty assistant message skipped',
      'logprobs: not supported by Cohere, ignored',
      'service_tier: not supported by Cohere, ignored',
    ])
  })
})
