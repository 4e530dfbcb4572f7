import type { ScanWindow, StreamInspectorOptions } from '../stream-inspector.js'
import { createEventTextReader, type TextSchema } from '../text/index.js'
import type { Decision } from './policy.js'

export interface StreamGuardOptions {
  schema: TextSchema
  /** Evaluate whenever this many new characters arrived on a channel (and at its end). */
  batchChars: number
  /** Characters of already-approved text shown again before the new text, so split sentences are judged whole. */
  contextChars: number
  /** One check of answer text (earlier context included); resolves to that text's decision. */
  evaluate(text: string): Promise<Decision>
  /** The SSE event sent in place of the rest when a check blocks after bytes went out. */
  blockOutput(): string
}

/**
 * Inspector settings for guardrails on a streamed answer (beyond Cloudflare's "not supported", F206): events are
 * held until the text they carry was evaluated, and released at once when it passed. `overlap` is 0 because a
 * verdict, unlike a DLP pattern, does not reach past the text it judged; the context an evaluator needs is
 * carried here instead, as earlier approved text prepended to the next check. Nothing past the last text judged
 * safe is ever delivered, and a block ends the stream with `blockOutput`.
 */
export function guardrailInspectorOptions(options: StreamGuardOptions): StreamInspectorOptions {
  const approved = new Map<string, string>()
  const check = async (window: ScanWindow) => {
    const earlier = approved.get(window.channel) ?? ''
    const text = earlier + window.text
    if (window.text.trim() === '') return { block: false }
    const decision = await options.evaluate(text)
    approved.set(window.channel, text.slice(Math.max(0, text.length - options.contextChars)))
    return { block: decision.action === 'BLOCK' }
  }
  return {
    mode: 'sse',
    extract: createEventTextReader(options.schema),
    check,
    overlap: 0,
    batchChars: options.batchChars,
    blockOutput: options.blockOutput,
  }
}
