import type { SseEvent } from '../../stream/sse.js'
import type { OpenAIChatChunk, OpenAIChunkToolCallDelta, OpenAIUsage, StreamTranslator } from '../types.js'
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
import {
  finishReason,
  geminiUsage,
  promptBlockReason,
  readParts,
  type FunctionCallPart,
} from './candidate.js'
import { geminiError } from './error.js'

interface ChoiceState {
  toolIndex: number
  sawToolCall: boolean
  finished: boolean
}

/**
 * `streamGenerateContent?alt=sse`: every event is a whole `GenerateContentResponse` holding the new text. Function
 * calls arrive complete in one event, so each becomes a single tool_calls delta with its full arguments. Usage is
 * cumulative on every event; the last one is sent when the upstream ends (Gemini has no terminal event).
 */
class GeminiStream implements StreamTranslator {
  private readonly emitter: ChunkEmitter
  private readonly choices = new Map<number, ChoiceState>()
  private readonly warned = new Set<string>()
  private calls = 0
  private usage: OpenAIUsage | undefined
  private blocked = false

  constructor(
    private readonly context: HubContext,
    options: ResolvedOptions,
  ) {
    this.emitter = createChunkEmitter(context, options)
  }

  push(event: SseEvent): OpenAIChatChunk[] {
    const data = parseEventJson(event, 'Gemini')
    if (data === undefined) return []
    return Array.isArray(data) ? data.flatMap((item) => this.response(item)) : this.response(data)
  }

  end(): OpenAIChatChunk[] {
    if (this.usage === undefined && clientWantsUsage(this.context)) warn(this.context, MISSING_USAGE_WARNING)
    return this.emitter.usage(this.usage ?? makeUsage(0, 0))
  }

  private response(value: unknown): OpenAIChatChunk[] {
    if (!isRecord(value)) throw invalidUpstream('Gemini stream event is not a JSON object')
    if (value.error !== undefined) {
      const code = numberField(recordField(value, 'error') ?? {}, 'code')
      const status = code !== undefined && code >= 400 ? code : 500
      throw new UpstreamStreamError(geminiError(status, value), status)
    }
    this.emitter.identify({ id: stringField(value, 'responseId'), model: stringField(value, 'modelVersion') })
    this.usage = geminiUsage(value.usageMetadata) ?? this.usage
    const candidates = Array.isArray(value.candidates) ? value.candidates : []
    const blockReason = promptBlockReason(value)
    if (candidates.length === 0 && blockReason !== undefined && !this.blocked) {
      this.blocked = true
      warn(this.context, `Gemini blocked the prompt: ${blockReason}`)
      return [this.emitter.finish(0, 'content_filter')]
    }
    return candidates.flatMap((candidate, position) => this.candidate(candidate, position))
  }

  private candidate(value: unknown, position: number): OpenAIChatChunk[] {
    if (!isRecord(value)) throw invalidUpstream('Gemini candidate is not an object')
    const index = numberField(value, 'index') ?? position
    const state = this.choices.get(index) ?? { toolIndex: 0, sawToolCall: false, finished: false }
    this.choices.set(index, state)
    const out: OpenAIChatChunk[] = []
    const { runs, skipped } = readParts(value)
    if (skipped.length > 0)
      this.warnOnce(`Gemini returned ${skipped.join(', ')} parts the chat schema cannot carry; dropped`)
    for (const run of runs) {
      if (run.kind === 'text') out.push(this.emitter.delta(index, { content: run.text }))
      else {
        state.sawToolCall = true
        out.push(
          this.emitter.delta(index, { tool_calls: run.calls.map((call) => this.toolDelta(call, state)) }),
        )
      }
    }
    const reason = finishReason(stringField(value, 'finishReason'), state.sawToolCall)
    if (reason !== null && !state.finished) {
      state.finished = true
      out.push(this.emitter.finish(index, reason))
    }
    return out
  }

  private toolDelta(call: FunctionCallPart, state: ChoiceState): OpenAIChunkToolCallDelta {
    return {
      index: state.toolIndex++,
      id: call.id ?? `call_${this.calls++}`,
      type: 'function',
      function: { name: call.name, arguments: argumentsText(call.args) },
    }
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return
    this.warned.add(message)
    warn(this.context, message)
  }
}

export function geminiStream(context: HubContext, options: ResolvedOptions): StreamTranslator {
  return new GeminiStream(context, options)
}
