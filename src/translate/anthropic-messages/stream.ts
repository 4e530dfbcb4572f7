/**
 * Anthropic Messages SSE → OpenAI chat completion chunks (F019), one upstream event at a time: every event's
 * chunks are returned from the `push()` that received it; nothing waits for the end of the stream.
 */
import type { Clock } from '../../core/clock.js'
import type { SseEvent } from '../../stream/sse.js'
import type {
  OpenAIChatChunk,
  OpenAIChunkToolCallDelta,
  OpenAIFinishReason,
  StreamTranslator,
} from '../types.js'
import type { HubContext } from '../identity/hub-context.js'
import { invalidUpstream, UpstreamStreamError } from '../identity/hub-errors.js'
import { JSON_RESPONSE_TOOL } from './conventions.js'
import { fromAnthropicError, statusForAnthropicError } from './error.js'
import { isRecord, optionalString, parseJson } from './guards.js'
import { finishReasonFromAnthropic } from './stop-reason.js'
import { NO_TOKENS, readAnthropicUsage, toOpenAIUsage, type AnthropicTokenCounts } from './usage.js'

type Block =
  | { kind: 'text' }
  | { kind: 'tool'; toolIndex: number; argumentsSent: boolean }
  | { kind: 'json'; contentSent: boolean }
  | { kind: 'ignored' }

type Delta = OpenAIChatChunk['choices'][number]['delta']

class AnthropicStreamState {
  id = ''
  model: string
  readonly created: number
  usage: AnthropicTokenCounts = NO_TOKENS
  readonly blocks = new Map<number, Block>()
  toolCalls = 0
  finished = false
  usageSent = false

  /** The final usage chunk (`choices: []`) is OpenAI's answer to `stream_options.include_usage` only. */
  readonly includeUsage: boolean
  readonly warnings: string[] | undefined

  constructor(context: HubContext, clock: Clock) {
    this.warnings = context.warnings
    this.model = context.model
    this.created = Math.floor(clock.now() / 1000)
    this.includeUsage = context.includeUsage === true
  }

  chunk(delta: Delta, finish: OpenAIFinishReason | null = null): OpenAIChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    }
  }

  usageChunk(): OpenAIChatChunk[] {
    if (!this.includeUsage || this.usageSent) return []
    this.usageSent = true
    const { id, created, model } = this
    return [
      { id, object: 'chat.completion.chunk', created, model, choices: [], usage: toOpenAIUsage(this.usage) },
    ]
  }

  toolDelta(call: OpenAIChunkToolCallDelta): OpenAIChatChunk {
    return this.chunk({ tool_calls: [call] })
  }
}

function messageStart(state: AnthropicStreamState, data: Record<string, unknown>): OpenAIChatChunk[] {
  const message = isRecord(data['message']) ? data['message'] : {}
  state.id = optionalString(message['id']) ?? state.id
  state.model = optionalString(message['model']) ?? state.model
  state.usage = readAnthropicUsage(message['usage'])
  return [state.chunk({ role: 'assistant', content: '' })]
}

function blockStart(state: AnthropicStreamState, data: Record<string, unknown>): OpenAIChatChunk[] {
  const index = Number(data['index'])
  const block = isRecord(data['content_block']) ? data['content_block'] : {}
  if (block['type'] === 'text') {
    state.blocks.set(index, { kind: 'text' })
    const text = optionalString(block['text']) ?? ''
    return text === '' ? [] : [state.chunk({ content: text })]
  }
  if (block['type'] !== 'tool_use') {
    state.blocks.set(index, { kind: 'ignored' })
    state.warnings?.push(
      `content_block ${index}: '${String(block['type'])}' blocks have no OpenAI counterpart; left out`,
    )
    return []
  }
  const name = optionalString(block['name'])
  const id = optionalString(block['id'])
  if (name === undefined || id === undefined)
    throw invalidUpstream(`content_block_start ${index} lacks id or name`)
  if (name === JSON_RESPONSE_TOOL) {
    state.blocks.set(index, { kind: 'json', contentSent: false })
    return []
  }
  const toolIndex = state.toolCalls++
  state.blocks.set(index, { kind: 'tool', toolIndex, argumentsSent: false })
  return [state.toolDelta({ index: toolIndex, id, type: 'function', function: { name, arguments: '' } })]
}

function blockDelta(state: AnthropicStreamState, data: Record<string, unknown>): OpenAIChatChunk[] {
  const block = state.blocks.get(Number(data['index']))
  const delta = isRecord(data['delta']) ? data['delta'] : {}
  if (delta['type'] === 'text_delta' && block?.kind === 'text') {
    const text = optionalString(delta['text']) ?? ''
    return text === '' ? [] : [state.chunk({ content: text })]
  }
  if (delta['type'] !== 'input_json_delta') return []
  const json = optionalString(delta['partial_json']) ?? ''
  if (json === '') return []
  if (block?.kind === 'tool') {
    block.argumentsSent = true
    return [state.toolDelta({ index: block.toolIndex, function: { arguments: json } })]
  }
  if (block?.kind === 'json') {
    block.contentSent = true
    return [state.chunk({ content: json })]
  }
  return []
}

/** A tool without arguments streams no JSON at all; OpenAI clients expect "{}" to parse. */
function blockStop(state: AnthropicStreamState, data: Record<string, unknown>): OpenAIChatChunk[] {
  const block = state.blocks.get(Number(data['index']))
  if (block?.kind === 'tool' && !block.argumentsSent) {
    block.argumentsSent = true
    return [state.toolDelta({ index: block.toolIndex, function: { arguments: '{}' } })]
  }
  if (block?.kind === 'json' && !block.contentSent) {
    block.contentSent = true
    return [state.chunk({ content: '{}' })]
  }
  return []
}

function messageDelta(state: AnthropicStreamState, data: Record<string, unknown>): OpenAIChatChunk[] {
  state.usage = readAnthropicUsage(data['usage'], state.usage)
  const delta = isRecord(data['delta']) ? data['delta'] : {}
  if (delta['stop_reason'] === undefined || delta['stop_reason'] === null || state.finished) return []
  let finish = finishReasonFromAnthropic(delta['stop_reason'])
  // Only the JSON-answer tool was called: for the client this is a finished text answer.
  if (finish === 'tool_calls' && state.toolCalls === 0) finish = 'stop'
  state.finished = true
  return [state.chunk({}, finish)]
}

/** Thrown, not returned: the caller writes the OpenAI-shaped body as a final `data: {"error": …}` event. */
function streamError(data: Record<string, unknown>): never {
  const type = isRecord(data['error']) ? data['error']['type'] : undefined
  throw new UpstreamStreamError(fromAnthropicError(statusForAnthropicError(type), data))
}

function dispatch(
  state: AnthropicStreamState,
  type: unknown,
  data: Record<string, unknown>,
): OpenAIChatChunk[] {
  switch (type) {
    case 'message_start':
      return messageStart(state, data)
    case 'content_block_start':
      return blockStart(state, data)
    case 'content_block_delta':
      return blockDelta(state, data)
    case 'content_block_stop':
      return blockStop(state, data)
    case 'message_delta':
      return messageDelta(state, data)
    case 'message_stop':
      return state.usageChunk()
    case 'error':
      return streamError(data)
    default:
      // ping, and event types Anthropic may add later.
      return []
  }
}

export function createAnthropicStreamTranslator(context: HubContext, clock: Clock): StreamTranslator {
  const state = new AnthropicStreamState(context, clock)
  return {
    push(event: SseEvent): OpenAIChatChunk[] {
      if (event.data.trim() === '') return []
      const parsed = parseJson(event.data)
      if (!parsed.ok || !isRecord(parsed.value))
        throw invalidUpstream(`event '${event.event ?? ''}' is not JSON`)
      return dispatch(state, parsed.value['type'] ?? event.event, parsed.value)
    },
    end(): OpenAIChatChunk[] {
      if (!state.finished) {
        throw new UpstreamStreamError({
          error: {
            message: 'Anthropic stream ended before the message was complete',
            type: 'server_error',
            param: null,
            code: 'incomplete_stream',
          },
        })
      }
      return state.usageChunk()
    },
  }
}
