import { encodeEventStreamMessage } from '../aws-event-stream.js'

/**
 * Provider responses in the shapes the providers send them (field order and envelopes as recorded from their
 * APIs), with token counts as parameters so tests can tell the fields apart.
 */

export const sse = (events: Array<{ event?: string; data: unknown }>, newline = '\n'): string =>
  events
    .map(({ event, data }) => {
      const body = typeof data === 'string' ? data : JSON.stringify(data)
      return `${event ? `event: ${event}${newline}` : ''}data: ${body}${newline}${newline}`
    })
    .join('')

export const words = (count: number): string[] => Array.from({ length: count }, (_, i) => `word${i} `)

export function openaiChat(promptTokens: number, completionTokens: number, cached = 0): object {
  return {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion',
    created: 1741569952,
    model: 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Hello! How can I assist you today?',
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fc9f1d7035',
  }
}

export function openaiChatStream(
  chunks: number,
  usage: { prompt: number; completion: number; cached: number },
): string {
  const base = {
    id: 'chatcmpl-BPDxC9j8Zz2l2xYbJv3Ykq6b8FJdV',
    object: 'chat.completion.chunk',
    created: 1745335770,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_dbaca60df0',
  }
  const events: Array<{ data: unknown }> = [
    {
      data: {
        ...base,
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: '', refusal: null },
            logprobs: null,
            finish_reason: null,
          },
        ],
        usage: null,
      },
    },
  ]
  for (const word of words(chunks)) {
    events.push({
      data: {
        ...base,
        choices: [{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }],
        usage: null,
      },
    })
  }
  events.push({
    data: { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null },
  })
  events.push({
    data: {
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
        prompt_tokens_details: { cached_tokens: usage.cached, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    },
  })
  events.push({ data: '[DONE]' })
  return sse(events)
}

function responsesObject(status: string, text: string, usage: object | null): object {
  return {
    id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
    object: 'response',
    created_at: 1741476542,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: 'gpt-4.1-2025-04-14',
    output:
      text === ''
        ? []
        : [
            {
              type: 'message',
              id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b',
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', text, annotations: [] }],
            },
          ],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  }
}

export function openaiResponses(
  input: number,
  output: number,
  cached: number,
  text = 'In a peaceful grove…',
): object {
  return responsesObject('completed', text, {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  })
}

export function openaiResponsesStream(
  deltas: string[],
  input: number,
  output: number,
  cached: number,
): string {
  const events: Array<{ event: string; data: unknown }> = [
    {
      event: 'response.created',
      data: {
        type: 'response.created',
        sequence_number: 0,
        response: responsesObject('in_progress', '', null),
      },
    },
  ]
  deltas.forEach((delta, i) =>
    events.push({
      event: 'response.output_text.delta',
      data: {
        type: 'response.output_text.delta',
        sequence_number: i + 1,
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta,
      },
    }),
  )
  events.push({
    event: 'response.completed',
    data: {
      type: 'response.completed',
      sequence_number: deltas.length + 1,
      response: openaiResponses(input, output, cached, deltas.join('')),
    },
  })
  return sse(events)
}

export function openaiEmbeddings(vectors: number, promptTokens: number): object {
  const embedding = Array.from({ length: 1536 }, (_, i) => Math.sin(i) / 10)
  return {
    object: 'list',
    data: Array.from({ length: vectors }, (_, index) => ({ object: 'embedding', index, embedding })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  }
}

export interface AnthropicUsage {
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
}

function anthropicUsage(u: AnthropicUsage): object {
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: u.output,
    service_tier: 'standard',
  }
}

export function anthropicMessage(
  u: AnthropicUsage,
  model = 'claude-sonnet-4-5-20250929',
  text = 'Hi! My name is Claude.',
): object {
  return {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(u),
  }
}

export function anthropicStreamEvents(
  deltas: number,
  u: AnthropicUsage,
): Array<{ event: string; data: unknown }> {
  const events: Array<{ event: string; data: unknown }> = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: anthropicUsage({ ...u, output: 1 }),
        },
      },
    },
    {
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    },
    { event: 'ping', data: { type: 'ping' } },
  ]
  for (const word of words(deltas)) {
    events.push({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } },
    })
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } })
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: u.output },
    },
  })
  events.push({ event: 'message_stop', data: { type: 'message_stop' } })
  return events
}

export function geminiChunk(text: string, usageMetadata: object, modelVersion = 'gemini-2.5-flash'): object {
  return {
    candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata,
    modelVersion,
    responseId: 'uP5-aJ7fKb2Yz7IPq9u9sQk',
  }
}

export function geminiUsage(prompt: number, candidates: number, thoughts = 0, cached = 0): object {
  const meta: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  }
  if (thoughts) meta.thoughtsTokenCount = thoughts
  if (cached) meta.cachedContentTokenCount = cached
  return meta
}

export function cohereV1Chat(billedIn: number, billedOut: number, rawIn: number): object {
  return {
    response_id: '5d7e0f3b-4a3f-4a5b-9c7e-9b2f1d3c4e5f',
    text: 'LLMs are neural networks trained on large text corpora.',
    generation_id: '0b5e5d2a-1c1f-4f0b-8d0a-4b1e0c6f2a7d',
    chat_history: [
      { role: 'USER', message: 'What is an LLM?' },
      { role: 'CHATBOT', message: 'LLMs are neural networks trained on large text corpora.' },
    ],
    finish_reason: 'COMPLETE',
    meta: {
      api_version: { version: '1' },
      billed_units: { input_tokens: billedIn, output_tokens: billedOut },
      tokens: { input_tokens: rawIn, output_tokens: billedOut },
    },
  }
}

export function cohereV2Usage(billedIn: number, billedOut: number, rawIn: number): object {
  return {
    billed_units: { input_tokens: billedIn, output_tokens: billedOut },
    tokens: { input_tokens: rawIn, output_tokens: billedOut },
  }
}

export function workersAiEnvelope(prompt: number, completion: number): object {
  return {
    result: {
      response: 'Hello! How can I help you today?',
      tool_calls: [],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    },
    success: true,
    errors: [],
    messages: [],
  }
}

export function bedrockEventStream(messages: Array<{ type: string; payload: object }>): Buffer {
  return Buffer.concat(
    messages.map(({ type, payload }) =>
      encodeEventStreamMessage(
        { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
        Buffer.from(JSON.stringify(payload)),
      ),
    ),
  )
}

/** InvokeModelWithResponseStream: each model event base64-encoded in a `chunk` message's `bytes`. */
export function bedrockInvokeStream(events: object[]): Buffer {
  return bedrockEventStream(
    events.map((event) => ({
      type: 'chunk',
      payload: {
        bytes: Buffer.from(JSON.stringify(event)).toString('base64'),
        p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ',
      },
    })),
  )
}
