/**
 * Runs translator output through the official SDKs' own parsers, so tests check what a real client accepts.
 * Each client gets a fetch that answers every request with the given body.
 */
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { serializeSse, type SseEvent } from '../../../stream/sse.js'
import type { OpenAIChatChunk } from '../../types.js'

type Captured = { body: unknown }

function fakeFetch(text: string, contentType: string, status = 200, captured?: Captured): typeof fetch {
  return async (_input, init) => {
    if (captured && typeof init?.body === 'string') captured.body = JSON.parse(init.body) as unknown
    return new Response(text, { status, headers: { 'content-type': contentType } })
  }
}

export function openaiSseText(chunks: Array<OpenAIChatChunk | Record<string, unknown>>): string {
  return chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n'
}

/** The OpenAI SDK's ChatCompletionStream validates chunk order, roles, tool-call indices and finish reasons. */
export async function openaiStreamFinal(chunks: OpenAIChatChunk[]): Promise<OpenAI.ChatCompletion> {
  const client = new OpenAI({ apiKey: 'test', fetch: fakeFetch(openaiSseText(chunks), 'text/event-stream') })
  const stream = client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
  return stream.finalChatCompletion()
}

export async function openaiStreamChunks(text: string): Promise<OpenAI.ChatCompletionChunk[]> {
  const client = new OpenAI({ apiKey: 'test', maxRetries: 0, fetch: fakeFetch(text, 'text/event-stream') })
  const stream = await client.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'x' }],
    stream: true,
  })
  const out: OpenAI.ChatCompletionChunk[] = []
  for await (const chunk of stream) out.push(chunk)
  return out
}

export function anthropicSseText(events: SseEvent[]): string {
  return events.map(serializeSse).join('')
}

/** The Anthropic SDK's MessageStream rebuilds the message from events, as `client.messages.stream()` users see it. */
export async function anthropicStreamFinal(events: SseEvent[]): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test',
    maxRetries: 0,
    fetch: fakeFetch(anthropicSseText(events), 'text/event-stream'),
  })
  const stream = client.messages.stream({
    model: 'm',
    max_tokens: 1,
    messages: [{ role: 'user', content: 'x' }],
  })
  return stream.finalMessage()
}

/** What the Anthropic SDK throws for an error answer, to check the error shape it recognises. */
export async function anthropicSdkError(status: number, body: unknown): Promise<unknown> {
  const client = new Anthropic({
    apiKey: 'test',
    maxRetries: 0,
    fetch: fakeFetch(JSON.stringify(body), 'application/json', status),
  })
  return client.messages
    .create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
    .then(
      () => undefined,
      (error: unknown) => error,
    )
}

/** What the OpenAI SDK throws for an error answer. */
export async function openaiSdkError(status: number, body: unknown): Promise<unknown> {
  const client = new OpenAI({
    apiKey: 'test',
    maxRetries: 0,
    fetch: fakeFetch(JSON.stringify(body), 'application/json', status),
  })
  return client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).then(
    () => undefined,
    (error: unknown) => error,
  )
}

/** The request body the Anthropic SDK sends for `params`, as a recorded client request. */
export async function anthropicSdkRequest(
  params: Anthropic.MessageCreateParamsNonStreaming,
): Promise<unknown> {
  const captured: Captured = { body: undefined }
  const message = {
    id: 'msg_x',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0 },
  }
  const client = new Anthropic({
    apiKey: 'test',
    maxRetries: 0,
    fetch: fakeFetch(JSON.stringify(message), 'application/json', 200, captured),
  })
  await client.messages.create(params)
  return captured.body
}
