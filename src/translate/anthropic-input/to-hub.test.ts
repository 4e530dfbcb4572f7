import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { fixtureJson } from '../anthropic-messages/test-support/fixtures.js'
import { anthropicInputTranslator } from './index.js'

const toHub = (body: unknown) => anthropicInputTranslator.request(body)
const base = { model: 'openai/gpt-4o', max_tokens: 256 }

function rejection(body: unknown): GatewayError {
  try {
    toHub(body)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected the request to be rejected')
}

describe('Anthropic Messages request → OpenAI hub request', () => {
  it('carries system, images, tool_use/tool_result turns, tools, tool_choice, stop_sequences and sampling', () => {
    const fixture = fixtureJson(import.meta.url, 'request-full.json') as {
      messages: Array<{ content: Array<{ source?: { data?: string } }> }>
    }
    const jpeg = fixture.messages[0]?.content[1]?.source?.data ?? ''
    const { body, warnings } = toHub(fixture)
    expect(warnings).toEqual([])
    expect(body).toEqual({
      model: 'openai/gpt-4o',
      max_tokens: 1024,
      messages: [
        { role: 'system', content: 'You are a travel assistant. Use tools for live data.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: "Where was this photo taken, and what's the weather there?" },
            { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg}` } },
            {
              type: 'image_url',
              image_url: {
                url: 'https://upload.wikimedia.org/wikipedia/commons/a/a8/Tour_Eiffel_Wikimedia_Commons.jpg',
              },
            },
          ],
        },
        {
          role: 'assistant',
          content: 'Both photos show the Eiffel Tower in Paris. Let me check the weather.',
          tool_calls: [
            {
              id: 'toolu_01A09q90qw90lq917835lq9',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '18°C, clear skies' },
        { role: 'user', content: 'And is it warmer than London?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'toolu_01BqJ8rGxDhTWk5SM3uHd4Nz',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"London, UK","unit":"celsius"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01BqJ8rGxDhTWk5SM3uHd4Nz', content: '14°C, light rain' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Get the current weather in a given location',
            parameters: {
              type: 'object',
              properties: {
                location: { type: 'string', description: 'The city and country, e.g. Paris, France' },
                unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
              },
              required: ['location'],
            },
          },
        },
      ],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      stop: ['\n\nHuman:', 'END'],
      temperature: 0.4,
      top_p: 0.95,
      user: '8f2d6c3e-user',
    })
  })

  it('asks for the usage chunk when streaming, since message_delta must carry usage', () => {
    const { body } = toHub({ ...base, stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
  })

  it.each([
    [{ type: 'any' }, { tool_choice: 'required' }],
    [{ type: 'none' }, { tool_choice: 'none' }],
    [
      { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
      { tool_choice: { type: 'function', function: { name: 'lookup' } }, parallel_tool_calls: false },
    ],
  ])('maps tool_choice %j', (choice, expected) => {
    const tools = [{ name: 'lookup', input_schema: { type: 'object' } }]
    const { body } = toHub({
      ...base,
      tools,
      tool_choice: choice,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect({ tool_choice: body.tool_choice, parallel_tool_calls: body.parallel_tool_calls }).toEqual({
      parallel_tool_calls: undefined,
      ...expected,
    })
  })

  it('maps output_config.format to a json_schema response_format', () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    }
    const { body } = toHub({
      ...base,
      output_config: { format: { type: 'json_schema', schema } },
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema, strict: true },
    })
  })

  it('keeps a mid-conversation system message in place', () => {
    const { body } = toHub({
      ...base,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'system', content: [{ type: 'text', text: 'From now on, answer in French.' }] },
        { role: 'user', content: 'How are you?' },
      ],
    })
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'system', content: 'From now on, answer in French.' },
      { role: 'user', content: 'How are you?' },
    ])
  })

  it('keeps a PDF document as an OpenAI file part', () => {
    const { body } = toHub({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              title: 'q3.pdf',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjcK' },
            },
            { type: 'text', text: 'Summarise' },
          ],
        },
      ],
    })
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'file',
            file: { file_data: 'data:application/pdf;base64,JVBERi0xLjcK', filename: 'q3.pdf' },
          },
          { type: 'text', text: 'Summarise' },
        ],
      },
    ])
  })

  it('warns about Anthropic-only hints it cannot carry', () => {
    const { body, warnings } = toHub({
      ...base,
      top_k: 40,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      system: [{ type: 'text', text: 'Long policy…', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'Call it' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should call it.', signature: 'EqQBCkYIBxgC' },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'failed: timeout', is_error: true },
          ],
        },
      ],
    })
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Long policy…' })
    expect(warnings).toEqual([
      'system[0].cache_control: prompt caching hints are not carried through the OpenAI hub; ignored',
      'messages[1].content[0]: thinking blocks are Anthropic-specific and are not sent to other providers',
      'messages[2].content[0].is_error: OpenAI tool messages have no error flag; the result text is sent as is',
      'top_k: OpenAI chat has no top_k; ignored',
      'thinking: extended thinking is Anthropic-specific and is not carried through the OpenAI hub; ignored',
    ])
  })

  it.each<[string, unknown, string]>([
    [
      'missing max_tokens',
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      'max_tokens: Field required',
    ],
    [
      'missing model',
      { max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] },
      'model: Field required',
    ],
    [
      'an OpenAI tool role',
      { ...base, messages: [{ role: 'tool', content: 'S' }] },
      "messages[0].role: must be 'user', 'assistant' or 'system'",
    ],
    [
      'empty user content',
      { ...base, messages: [{ role: 'user', content: [] }] },
      'messages[0].content: must not be empty',
    ],
    [
      'a server tool',
      {
        ...base,
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        messages: [{ role: 'user', content: 'Hi' }],
      },
      "tools[0].type: Anthropic-defined tool 'web_search_20250305' cannot be sent to other providers",
    ],
    [
      'an image in a tool result',
      {
        ...base,
        messages: [
          { role: 'user', content: 'shot' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'screenshot', input: {} }] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't',
                content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }],
              },
            ],
          },
        ],
      },
      'messages[2].content[0].content[0].type: only text can be returned in a tool result to other providers',
    ],
    [
      'a Files API image',
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_011' } }] },
        ],
      },
      "messages[0].content[0].source.type: 'file' image sources cannot be sent to other providers",
    ],
    [
      'MCP servers',
      {
        ...base,
        mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'x' }],
        messages: [{ role: 'user', content: 'Hi' }],
      },
      'mcp_servers: MCP connectors run inside Anthropic and cannot be sent to other providers',
    ],
  ])('rejects %s with a 400 naming the field', (_name, body, detail) => {
    const error = rejection(body)
    expect(error.status).toBe(400)
    expect(error.detail).toBe(detail)
  })
})
