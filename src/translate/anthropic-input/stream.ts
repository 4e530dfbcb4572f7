/**
 * OpenAI chat chunks (the hub) → Anthropic Messages SSE events, for clients of `…/compat/v1/messages`.
 * Block events are emitted as soon as the chunk that carries them arrives; only `message_delta` waits for the
 * usage chunk that OpenAI sends after `finish_reason`, since Anthropic puts stop reason and usage in one event.
 */
import type { SseEvent } from '../../stream/sse.js'
import { isRecord, parseJson } from '../anthropic-messages/guards.js'
import { stopReasonFromOpenAI } from '../anthropic-messages/stop-reason.js'
import { toAnthropicUsage } from '../anthropic-messages/usage.js'
import type { AnthropicStopReason } from '../anthropic-messages/wire-types.js'
import type { OpenAIChatChunk, OpenAIChunkToolCallDelta, OpenAIUsage, StreamTranslator } from '../types.js'
import { hubErrorToAnthropic } from './error.js'

export interface HubToAnthropicStream extends StreamTranslator<SseEvent> {
  /** One hub chunk, already parsed (when the hub stream is produced in-process). */
  pushChunk(chunk: OpenAIChatChunk): SseEvent[]
  /**
   * The hub stream failed (e.g. an upstream `UpstreamStreamError`, whose `body` is passed with status 0 = unknown):
   * ends the stream with an Anthropic error event.
   */
  pushError(status: number, body: unknown): SseEvent[]
}

type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number }

function sse(payload: { type: string } & Record<string, unknown>): SseEvent {
  return { event: payload.type, data: JSON.stringify(payload) }
}

class HubStreamState {
  started = false
  messageId = ''
  done = false
  nextIndex = 0
  open: OpenBlock | undefined
  /** OpenAI tool-call index → Anthropic content block index. */
  readonly toolBlocks = new Map<number, number>()
  stopReason: AnthropicStopReason | undefined
  usage: OpenAIUsage | undefined

  start(chunk: OpenAIChatChunk, out: SseEvent[]): void {
    if (this.started) return
    this.started = true
    this.messageId = chunk.id
    const message = {
      id: chunk.id,
      type: 'message',
      role: 'assistant',
      model: chunk.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    }
    out.push(sse({ type: 'message_start', message }))
  }

  close(out: SseEvent[]): void {
    if (!this.open) return
    out.push(sse({ type: 'content_block_stop', index: this.open.index }))
    this.open = undefined
  }

  openBlock(kind: OpenBlock['kind'], contentBlock: Record<string, unknown>, out: SseEvent[]): number {
    this.close(out)
    const index = this.nextIndex++
    this.open = { kind, index }
    out.push(sse({ type: 'content_block_start', index, content_block: contentBlock }))
    return index
  }

  text(text: string, out: SseEvent[]): void {
    const index =
      this.open?.kind === 'text' ? this.open.index : this.openBlock('text', { type: 'text', text: '' }, out)
    out.push(sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }))
  }

  tool(call: OpenAIChunkToolCallDelta, out: SseEvent[]): void {
    let index = this.toolBlocks.get(call.index)
    if (index === undefined) {
      const block = {
        type: 'tool_use',
        // Providers that omit ids still need ids unique across the conversation for the tool_result round trip.
        id: call.id ?? `toolu_${this.messageId}_${call.index}`,
        name: call.function?.name ?? '',
        input: {},
      }
      index = this.openBlock('tool', block, out)
      this.toolBlocks.set(call.index, index)
    }
    const json = call.function?.arguments ?? ''
    // A fragment for an earlier, already closed call (providers that interleave) keeps that call's index.
    if (json !== '')
      out.push(
        sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json } }),
      )
  }

  finish(out: SseEvent[]): void {
    if (this.done || this.stopReason === undefined) return
    this.done = true
    const usage = toAnthropicUsage(this.usage)
    out.push(
      sse({ type: 'message_delta', delta: { stop_reason: this.stopReason, stop_sequence: null }, usage }),
    )
    out.push(sse({ type: 'message_stop' }))
  }

  fail(status: number, body: unknown, out: SseEvent[]): void {
    if (this.done) return
    this.done = true
    out.push(sse({ ...hubErrorToAnthropic(status, body) }))
  }
}

function onChunk(state: HubStreamState, chunk: OpenAIChatChunk): SseEvent[] {
  const out: SseEvent[] = []
  if (state.done) return out
  state.start(chunk, out)
  const choice = chunk.choices.find((c) => c.index === 0)
  if (choice) {
    const { content, tool_calls: calls } = choice.delta
    if (typeof content === 'string' && content !== '') state.text(content, out)
    for (const call of calls ?? []) state.tool(call, out)
    if (choice.finish_reason) {
      state.close(out)
      state.stopReason = stopReasonFromOpenAI(choice.finish_reason)
    }
  }
  if (chunk.usage) state.usage = chunk.usage
  // Usage arrives with or after finish_reason: whichever comes second completes the message.
  if (state.usage) state.finish(out)
  return out
}

function incomplete(state: HubStreamState): SseEvent[] {
  const out: SseEvent[] = []
  if (state.stopReason !== undefined) state.finish(out)
  else state.fail(502, { error: { message: 'upstream stream ended before the message was complete' } }, out)
  return out
}

export function createHubToAnthropicStream(): HubToAnthropicStream {
  const state = new HubStreamState()
  const pushError = (status: number, body: unknown): SseEvent[] => {
    const out: SseEvent[] = []
    state.fail(status, body, out)
    return out
  }
  return {
    pushChunk: (chunk) => onChunk(state, chunk),
    pushError,
    push(event) {
      const data = event.data.trim()
      if (data === '') return []
      if (data === '[DONE]') return incomplete(state)
      const parsed = parseJson(data)
      if (!parsed.ok || !isRecord(parsed.value))
        return pushError(502, { error: { message: 'upstream sent invalid JSON' } })
      // An OpenAI-style in-stream error (`data: {"error": …}`) carries no status; its type decides the Anthropic one.
      if (isRecord(parsed.value['error'])) return pushError(0, parsed.value)
      if (!Array.isArray(parsed.value['choices'])) return []
      return onChunk(state, parsed.value as unknown as OpenAIChatChunk)
    },
    end: () => incomplete(state),
  }
}
