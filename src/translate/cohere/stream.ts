import type { SseEvent } from '../../stream/sse.js'
import type { OpenAIChatChunk, StreamTranslator } from '../types.js'
import { createChunkEmitter, type ChunkEmitter } from '../identity/hub-chunks.js'
import { clientWantsUsage, warn, type HubContext, type ResolvedOptions } from '../identity/hub-context.js'
import { UpstreamStreamError, invalidUpstream } from '../identity/hub-errors.js'
import {
  argumentsText,
  isRecord,
  numberField,
  parseEventJson,
  recordField,
  stringField,
} from '../identity/hub-json.js'
import { MISSING_USAGE_WARNING, makeUsage } from '../identity/hub-usage.js'
import { cohereError } from './error.js'
import { cohereFinishReason, cohereUsage, isFailure } from './finish.js'

type Data = Record<string, unknown>

/** `delta.message` of a Cohere v2 stream event. */
function deltaMessage(data: Data): Data {
  return recordField(recordField(data, 'delta') ?? {}, 'message') ?? {}
}

/** `tool_calls` is one object in Cohere's events (some deployments send a one-element array). */
function toolCallOf(data: Data): Data {
  const calls = deltaMessage(data).tool_calls
  const call: unknown = Array.isArray(calls) ? calls[0] : calls
  return isRecord(call) ? call : {}
}

/**
 * Cohere v2 chat stream (SSE, `event:` names repeated as `type` in the JSON): message-start, content-*,
 * tool-plan-delta, tool-call-start/-delta/-end, citation-*, message-end with the finish reason and usage. Events
 * without a hub counterpart (content-end, tool-call-end, citations, debug) yield nothing.
 */
class CohereStream implements StreamTranslator {
  private readonly emitter: ChunkEmitter
  /** Content indexes holding reasoning (`thinking`), not the answer. */
  private readonly thinking = new Set<number>()
  private sawToolCall = false
  private readonly handlers: Record<string, (data: Data) => OpenAIChatChunk[]> = {
    'message-start': (data) => this.messageStart(data),
    'content-start': (data) => this.contentStart(data),
    'content-delta': (data) => this.contentDelta(data),
    'tool-plan-delta': (data) => this.text(deltaMessage(data).tool_plan),
    'tool-call-start': (data) => this.toolCallStart(data),
    'tool-call-delta': (data) => this.toolCallDelta(data),
    'message-end': (data) => this.messageEnd(data),
  }

  constructor(
    private readonly context: HubContext,
    options: ResolvedOptions,
  ) {
    this.emitter = createChunkEmitter(context, options)
  }

  push(event: SseEvent): OpenAIChatChunk[] {
    const data = parseEventJson(event, 'Cohere')
    if (data === undefined) return []
    if (!isRecord(data)) throw invalidUpstream('Cohere stream event is not a JSON object')
    const type = stringField(data, 'type') ?? event.event
    if (type === undefined && typeof data.message === 'string') {
      throw new UpstreamStreamError(cohereError(500, data), 500)
    }
    const handler = type === undefined ? undefined : this.handlers[type]
    return handler === undefined ? [] : handler(data)
  }

  end(): OpenAIChatChunk[] {
    return []
  }

  private text(value: unknown): OpenAIChatChunk[] {
    return typeof value === 'string' && value !== '' ? [this.emitter.delta(0, { content: value })] : []
  }

  private messageStart(data: Data): OpenAIChatChunk[] {
    this.emitter.identify({ id: stringField(data, 'id') })
    return [this.emitter.delta(0, { content: '' })]
  }

  private contentStart(data: Data): OpenAIChatChunk[] {
    if (recordField(deltaMessage(data), 'content')?.type === 'thinking')
      this.thinking.add(numberField(data, 'index') ?? 0)
    return []
  }

  private contentDelta(data: Data): OpenAIChatChunk[] {
    if (this.thinking.has(numberField(data, 'index') ?? 0)) return []
    return this.text(recordField(deltaMessage(data), 'content')?.text)
  }

  private toolCallStart(data: Data): OpenAIChatChunk[] {
    const call = toolCallOf(data)
    const fn = recordField(call, 'function') ?? {}
    if (typeof call.id !== 'string' || typeof fn.name !== 'string') {
      throw invalidUpstream('Cohere tool-call-start lacks id or name')
    }
    this.sawToolCall = true
    const args = fn.arguments === undefined ? '' : argumentsText(fn.arguments)
    const index = numberField(data, 'index') ?? 0
    const delta = {
      index,
      id: call.id,
      type: 'function' as const,
      function: { name: fn.name, arguments: args },
    }
    return [this.emitter.delta(0, { tool_calls: [delta] })]
  }

  private toolCallDelta(data: Data): OpenAIChatChunk[] {
    const args = recordField(toolCallOf(data), 'function')?.arguments
    if (typeof args !== 'string' || args === '') return []
    const index = numberField(data, 'index') ?? 0
    return [this.emitter.delta(0, { tool_calls: [{ index, function: { arguments: args } }] })]
  }

  private messageEnd(data: Data): OpenAIChatChunk[] {
    const delta = recordField(data, 'delta') ?? {}
    const reason = delta.finish_reason
    if (isFailure(reason)) warn(this.context, `Cohere ended the generation with ${String(reason)}`)
    const usage = cohereUsage(delta.usage)
    if (usage === undefined && clientWantsUsage(this.context)) warn(this.context, MISSING_USAGE_WARNING)
    const finish = this.emitter.finish(0, cohereFinishReason(reason, this.sawToolCall))
    return [finish, ...this.emitter.usage(usage ?? makeUsage(0, 0))]
  }
}

export function cohereStream(context: HubContext, options: ResolvedOptions): StreamTranslator {
  return new CohereStream(context, options)
}
