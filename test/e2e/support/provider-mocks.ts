import type { ServerResponse } from 'node:http'
import { json, type RecordedRequest } from './mock-upstream.js'

/**
 * Minimal but faithful provider imitations for /compat tests: each checks that the request is valid for its
 * own API (and answers 400 the way the provider would if not), then answers in its own wire format.
 */
type Body = Record<string, unknown>

function sse(response: ServerResponse, events: Array<{ event?: string; data: unknown }>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  for (const { event, data } of events) {
    response.write(
      `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    )
  }
  response.end()
}

function bad(response: ServerResponse, message: string): void {
  json(response, 400, { error: { message: `mock rejected request: ${message}` } })
}

export function anthropicMock(request: RecordedRequest, response: ServerResponse): void {
  const body = JSON.parse(request.body.toString()) as Body
  if (!request.headers['x-api-key']) return bad(response, 'x-api-key missing')
  if (!request.headers['anthropic-version']) return bad(response, 'anthropic-version missing')
  if (typeof body.max_tokens !== 'number') return bad(response, 'max_tokens required')
  const messages = body.messages as Array<{ role: string }>
  if (!Array.isArray(messages) || messages[0]?.role !== 'user')
    return bad(response, 'messages must start with user')
  if (messages.some((m) => m.role !== 'user' && m.role !== 'assistant'))
    return bad(response, 'roles must be user/assistant')
  const wantsTool =
    Array.isArray(body.tools) &&
    body.tools.length > 0 &&
    (body.tool_choice as { type?: string } | undefined)?.type !== 'none'
  const toolName = wantsTool ? (body.tools as Array<{ name: string }>)[0]!.name : ''
  const usage = { input_tokens: 21, output_tokens: 7 }
  const content = wantsTool
    ? [{ type: 'tool_use', id: 'toolu_01', name: toolName, input: { city: 'Paris' } }]
    : [{ type: 'text', text: 'Bonjour from Claude' }]
  const stopReason = wantsTool ? 'tool_use' : 'end_turn'
  const message = { id: 'msg_01', type: 'message', role: 'assistant', model: body.model, stop_sequence: null }
  if (body.stream !== true)
    return json(response, 200, { ...message, content, stop_reason: stopReason, usage })
  const events: Array<{ event: string; data: unknown }> = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { input_tokens: 21, output_tokens: 1 },
        },
      },
    },
  ]
  if (wantsTool) {
    events.push({
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_01', name: toolName, input: {} },
      },
    })
    for (const part of ['{"ci', 'ty": "Pa', 'ris"}']) {
      events.push({
        event: 'content_block_delta',
        data: {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: part },
        },
      })
    }
  } else {
    events.push({
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    })
    for (const part of ['Bonjour', ' from', ' Claude']) {
      events.push({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: part } },
      })
    }
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } })
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: 7 },
    },
  })
  events.push({ event: 'message_stop', data: { type: 'message_stop' } })
  sse(response, events)
}

export function geminiMock(request: RecordedRequest, response: ServerResponse): void {
  const body = JSON.parse(request.body.toString()) as Body
  const contents = body.contents as Array<{ role: string; parts: unknown[] }>
  if (!Array.isArray(contents) || contents[0]?.role !== 'user')
    return bad(response, 'contents must start with a user turn')
  if (contents.some((c) => c.role !== 'user' && c.role !== 'model'))
    return bad(response, 'roles must be user/model')
  const tools = body.tools as Array<{ functionDeclarations?: Array<{ name: string }> }> | undefined
  const declared = tools?.[0]?.functionDeclarations?.[0]?.name
  const part = declared
    ? { functionCall: { name: declared, args: { city: 'Paris' } } }
    : { text: 'Kia ora from Gemini' }
  const usageMetadata = { promptTokenCount: 11, candidatesTokenCount: 5, totalTokenCount: 16 }
  const candidate = { content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }
  if (!request.url.includes('streamGenerateContent')) {
    return json(response, 200, { candidates: [candidate], usageMetadata, modelVersion: 'gemini-2.5-flash' })
  }
  if (declared)
    return sse(response, [
      { data: { candidates: [candidate], usageMetadata, modelVersion: 'gemini-2.5-flash' } },
    ])
  sse(response, [
    {
      data: {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Kia ora' }] }, index: 0 }],
        modelVersion: 'gemini-2.5-flash',
      },
    },
    {
      data: {
        candidates: [
          { content: { role: 'model', parts: [{ text: ' from Gemini' }] }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata,
        modelVersion: 'gemini-2.5-flash',
      },
    },
  ])
}

export function openaiMock(request: RecordedRequest, response: ServerResponse): void {
  const body = JSON.parse(request.body.toString()) as Body
  if (!Array.isArray(body.messages)) return bad(response, 'messages required')
  if (!request.headers.authorization?.startsWith('Bearer ')) return bad(response, 'Bearer auth required')
  const tools = body.tools as Array<{ function: { name: string } }> | undefined
  const toolCall = tools?.length
    ? {
        id: 'call_1',
        type: 'function',
        function: { name: tools[0]!.function.name, arguments: '{"city":"Paris"}' },
      }
    : undefined
  const usage = { prompt_tokens: 13, completion_tokens: 6, total_tokens: 19 }
  const base = { id: 'chatcmpl-mock', created: 1_700_000_000, model: body.model }
  if (body.stream !== true) {
    return json(response, 200, {
      ...base,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: toolCall ? null : 'Hello from OpenAI-compatible',
            ...(toolCall ? { tool_calls: [toolCall] } : {}),
          },
          finish_reason: toolCall ? 'tool_calls' : 'stop',
          logprobs: null,
        },
      ],
      usage,
    })
  }
  const chunk = (delta: unknown, finish: string | null = null) => ({
    data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] },
  })
  const events = toolCall
    ? [
        chunk({
          role: 'assistant',
          tool_calls: [{ index: 0, ...toolCall, function: { name: toolCall.function.name, arguments: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chunk({}, 'tool_calls'),
      ]
    : [
        chunk({ role: 'assistant', content: 'Hello' }),
        chunk({ content: ' from OpenAI-compatible' }),
        chunk({}, 'stop'),
      ]
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage
  sse(response, [
    ...events,
    ...(includeUsage ? [{ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } }] : []),
    { data: '[DONE]' },
  ])
}

export function cohereMock(request: RecordedRequest, response: ServerResponse): void {
  const body = JSON.parse(request.body.toString()) as Body
  if (!Array.isArray(body.messages)) return bad(response, 'messages required')
  if (typeof body.model !== 'string') return bad(response, 'model required')
  const usage = {
    billed_units: { input_tokens: 9, output_tokens: 4 },
    tokens: { input_tokens: 9, output_tokens: 4 },
  }
  const tools = body.tools as Array<{ type: string; function: { name: string } }> | undefined
  const toolName = tools?.[0]?.function.name
  const toolCall = toolName
    ? { id: 'call_co_1', type: 'function', function: { name: toolName, arguments: '{"city":"Paris"}' } }
    : undefined
  if (body.stream !== true) {
    const message = toolCall
      ? { role: 'assistant', tool_plan: 'I will check the weather.', tool_calls: [toolCall] }
      : { role: 'assistant', content: [{ type: 'text', text: 'Hello from Cohere' }] }
    return json(response, 200, {
      id: 'co-1',
      finish_reason: toolCall ? 'TOOL_CALL' : 'COMPLETE',
      message,
      usage,
    })
  }
  const start = {
    event: 'message-start',
    data: {
      type: 'message-start',
      id: 'co-1',
      delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [] } },
    },
  }
  const end = (finish: string) => ({
    event: 'message-end',
    data: { type: 'message-end', delta: { finish_reason: finish, usage } },
  })
  if (toolCall) {
    return sse(response, [
      start,
      {
        event: 'tool-call-start',
        data: {
          type: 'tool-call-start',
          index: 0,
          delta: { message: { tool_calls: { ...toolCall, function: { name: toolName, arguments: '' } } } },
        },
      },
      {
        event: 'tool-call-delta',
        data: {
          type: 'tool-call-delta',
          index: 0,
          delta: { message: { tool_calls: { function: { arguments: '{"city":' } } } },
        },
      },
      {
        event: 'tool-call-delta',
        data: {
          type: 'tool-call-delta',
          index: 0,
          delta: { message: { tool_calls: { function: { arguments: '"Paris"}' } } } },
        },
      },
      { event: 'tool-call-end', data: { type: 'tool-call-end', index: 0 } },
      end('TOOL_CALL'),
    ])
  }
  sse(response, [
    start,
    {
      event: 'content-start',
      data: { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
    },
    {
      event: 'content-delta',
      data: { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hello' } } } },
    },
    {
      event: 'content-delta',
      data: { type: 'content-delta', index: 0, delta: { message: { content: { text: ' from Cohere' } } } },
    },
    { event: 'content-end', data: { type: 'content-end', index: 0 } },
    end('COMPLETE'),
  ])
}

/**
 * An Anthropic Messages stream whose second text delta waits for `hold`: a test opens it once the client has
 * seen the first delta, so a gateway that buffered the stream would hang instead of passing.
 */
export async function heldAnthropicStream(
  response: ServerResponse,
  options: {
    first: string
    rest: string
    hold: Promise<void>
    inputTokens: number
    outputTokens: number
    model?: string
  },
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
  const delta = (text: string) =>
    event('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    })
  const message = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-sonnet-4-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: options.inputTokens, output_tokens: 1 },
  }
  response.write(event('message_start', { type: 'message_start', message }))
  response.write(
    event('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
  )
  response.write(delta(options.first))
  await options.hold
  response.write(delta(options.rest))
  response.write(event('content_block_stop', { type: 'content_block_stop', index: 0 }))
  response.write(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: options.outputTokens },
    }),
  )
  response.end(event('message_stop', { type: 'message_stop' }))
}
