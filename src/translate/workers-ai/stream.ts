import type { SseEvent } from '../../stream/sse.js'
import type { OpenAIChatChunk, OpenAIChunkToolCallDelta, OpenAIUsage, StreamTranslator } from '../types.js'
import { createChunkEmitter, type ChunkEmitter } from '../identity/hub-chunks.js'
import { clientWantsUsage, warn, type HubContext, type ResolvedOptions } from '../identity/hub-context.js'
import { UpstreamStreamError, invalidUpstream } from '../identity/hub-errors.js'
import {
  argumentsText,
  isDoneEvent,
  isRecord,
  numberField,
  parseEventJson,
  recordField,
  stringField,
} from '../identity/hub-json.js'
import { MISSING_USAGE_WARNING, makeUsage } from '../identity/hub-usage.js'
import { normalizeUsage } from '../identity/response.js'
import { createChunkNormalizer, type ChunkNormalizer } from '../identity/stream.js'
import { workersAiError } from './error.js'
import { nativeText } from './native.js'

function isErrorEvent(data: Record<string, unknown>): boolean {
  if (data.error !== undefined && data.error !== null) return true
  return data.success === false || (Array.isArray(data.errors) && data.errors.length > 0)
}

/**
 * Workers AI streams either OpenAI chunks (passed through like the identity translator, gaps filled) or native
 * events `{"response": "…"}` ending with `{"response": "", "usage": {…}}` and `[DONE]`; native streams carry no
 * finish reason, so one is emitted at `[DONE]` (tool_calls if a tool was called, else stop).
 */
class WorkersAiStream implements StreamTranslator {
  private readonly emitter: ChunkEmitter
  private readonly normalizer: ChunkNormalizer
  private native = false
  private finished = false
  private usage: OpenAIUsage | undefined
  private toolIndex = 0
  private sawToolCall = false
  private calls = 0

  constructor(
    private readonly context: HubContext,
    options: ResolvedOptions,
  ) {
    this.emitter = createChunkEmitter(context, options)
    this.normalizer = createChunkNormalizer(context, options)
  }

  push(event: SseEvent): OpenAIChatChunk[] {
    if (isDoneEvent(event)) return this.finish()
    const data = parseEventJson(event, 'Workers AI')
    if (data === undefined) return []
    if (!isRecord(data)) throw invalidUpstream('Workers AI stream event is not a JSON object')
    if (isErrorEvent(data)) throw new UpstreamStreamError(workersAiError(500, data), 500)
    if (Array.isArray(data.choices)) return this.normalizer.normalize(data)
    return this.nativeEvent(data)
  }

  end(): OpenAIChatChunk[] {
    return this.finish()
  }

  private nativeEvent(data: Record<string, unknown>): OpenAIChatChunk[] {
    this.native = true
    const out: OpenAIChatChunk[] = []
    const text = nativeText(data.response)
    if (text !== null && text !== '') out.push(this.emitter.delta(0, { content: text }))
    if (Array.isArray(data.tool_calls) && data.tool_calls.length > 0) {
      this.sawToolCall = true
      out.push(this.emitter.delta(0, { tool_calls: data.tool_calls.map((raw) => this.toolDelta(raw)) }))
    }
    if (isRecord(data.usage)) this.usage = normalizeUsage(data.usage, this.context)
    return out
  }

  /** A whole native call `{name, arguments}`, or an OpenAI-style fragment `{index, id, function}`. */
  private toolDelta(raw: unknown): OpenAIChunkToolCallDelta {
    if (!isRecord(raw)) throw invalidUpstream('Workers AI tool call is not an object')
    const fn = recordField(raw, 'function')
    if (fn === undefined) {
      const name = stringField(raw, 'name')
      if (name === undefined) throw invalidUpstream('Workers AI tool call has no name')
      const args = argumentsText(raw.arguments)
      return {
        index: this.toolIndex++,
        id: `call_${this.calls++}`,
        type: 'function',
        function: { name, arguments: args },
      }
    }
    const id = stringField(raw, 'id')
    // Without an index, a fragment with an id opens the next call and one without continues the last.
    const next = id !== undefined || this.toolIndex === 0 ? this.toolIndex : this.toolIndex - 1
    const index = numberField(raw, 'index') ?? next
    this.toolIndex = Math.max(this.toolIndex, index + 1)
    const fnDelta: { name?: string; arguments?: string } = {}
    const name = stringField(fn, 'name')
    if (name !== undefined) fnDelta.name = name
    if (fn.arguments !== undefined) fnDelta.arguments = argumentsText(fn.arguments)
    const delta: OpenAIChunkToolCallDelta = { index, function: fnDelta }
    if (id !== undefined) {
      delta.id = id
      delta.type = 'function'
    }
    return delta
  }

  private finish(): OpenAIChatChunk[] {
    if (!this.native || this.finished) return []
    this.finished = true
    if (this.usage === undefined && clientWantsUsage(this.context)) warn(this.context, MISSING_USAGE_WARNING)
    const finish = this.emitter.finish(0, this.sawToolCall ? 'tool_calls' : 'stop')
    return [finish, ...this.emitter.usage(this.usage ?? makeUsage(0, 0))]
  }
}

export function workersAiStream(context: HubContext, options: ResolvedOptions): StreamTranslator {
  return new WorkersAiStream(context, options)
}
