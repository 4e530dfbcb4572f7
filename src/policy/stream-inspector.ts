import { Readable } from 'node:stream'
import { openaiErrorBody, type GatewayError } from '../core/errors.js'
import { createSseFramer, type SseEvent } from './text/sse-frames.js'
import { noText, type EventText, type TextSchema } from './text/types.js'

/**
 * Incremental inspection of a streamed response, shared by DLP and guardrails (beyond Cloudflare's full
 * buffering, F216): events are held only until the text they carry has been checked with enough following
 * context that no match can still span them, then released byte for byte. Time to first token grows by
 * about `overlap` characters of text, not by the whole answer.
 */

/** The text a check sees: the newest text of one channel plus `overlap` characters it already saw. */
export interface ScanWindow {
  channel: string
  text: string
  /** Offset of `text[0]` within everything the channel carried, so repeated matches can be told apart. */
  start: number
  /** Text before `start` exists but is not in the window; a match starting at index 0 may be cut. */
  truncated: boolean
  /** No more text comes on this channel: a match touching the end of `text` is complete. */
  final: boolean
}

export interface WindowVerdict {
  block: boolean
}

export type WindowCheck = (window: ScanWindow) => WindowVerdict | Promise<WindowVerdict>

export interface StreamInspectorOptions {
  /** `sse`: event by event with `extract`; `text`: every chunk is text on one channel (unknown bodies). */
  mode: 'sse' | 'text'
  extract?: (event: SseEvent) => EventText
  check: WindowCheck
  /** Characters kept and re-checked; at least the longest possible match plus one. */
  overlap: number
  /** Check once this many new characters arrived on a channel (1 = every event). */
  batchChars?: number
  /**
   * Held bytes beyond which pending text is checked as if complete and everything is released, so a stalled
   * channel cannot make the gateway buffer a whole answer (a match spanning that point may be missed).
   */
  maxHeldBytes?: number
  /** Sent in place of the rest once bytes went out and a check blocked; an Error aborts the stream instead. */
  blockOutput(): string | Error
}

interface Channel {
  /** Text from `windowStart` to `total`. */
  text: string
  windowStart: number
  total: number
  scanned: number
  closed: boolean
  finalScanned: boolean
}

interface Held {
  raw: Buffer | string
  size: number
  ends: Array<[Channel, number]>
}

const DEFAULT_MAX_HELD_BYTES = 1 << 20

export class StreamInspection {
  private readonly channels = new Map<string, Channel>()
  private readonly queue: Held[] = []
  private heldBytes = 0
  private blockedFlag = false
  private released = 0

  constructor(private readonly options: StreamInspectorOptions) {}

  get blocked(): boolean {
    return this.blockedFlag
  }

  get releasedBytes(): number {
    return this.released
  }

  /** The inspected body: yields bytes as they become safe; after a block, `blockOutput` (if bytes went out). */
  async *run(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    const { mode, extract } = this.options
    const framer = mode === 'sse' ? createSseFramer() : undefined
    const decoder = new TextDecoder()
    const frames = (chunk: Uint8Array | undefined): Array<[Buffer | string, EventText]> => {
      if (!framer) {
        const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
        const pieces = text === '' ? [] : [{ channel: 'body', text, kind: 'other' as const }]
        return [[chunk ? Buffer.from(chunk) : '', { pieces, closes: [] }]]
      }
      const framed = chunk ? framer.push(chunk) : framer.end()
      return framed.map((frame) => [frame.raw, frame.event && extract ? extract(frame.event) : noText()])
    }
    for await (const chunk of source) {
      const out: Array<Buffer | string> = []
      for (const [raw, text] of frames(chunk as Uint8Array)) out.push(...(await this.add(raw, text)))
      if (this.blockedFlag) return yield* this.blockTail()
      if (out.length > 0) yield this.emit(out)
    }
    const out: Array<Buffer | string> = []
    for (const [raw, text] of frames(undefined)) out.push(...(await this.add(raw, text)))
    if (!this.blockedFlag) out.push(...(await this.finish()))
    if (this.blockedFlag) return yield* this.blockTail()
    if (out.length > 0) yield this.emit(out)
  }

  private emit(parts: Array<Buffer | string>): Buffer {
    const bytes = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)))
    this.released += bytes.length
    return bytes
  }

  private async *blockTail(): AsyncGenerator<Buffer> {
    this.queue.length = 0
    if (this.released === 0) return
    const output = this.options.blockOutput()
    if (output instanceof Error) throw output
    yield Buffer.from(output)
  }

  private channel(name: string): Channel {
    let channel = this.channels.get(name)
    if (!channel) {
      channel = { text: '', windowStart: 0, total: 0, scanned: 0, closed: false, finalScanned: false }
      this.channels.set(name, channel)
    }
    return channel
  }

  private async add(raw: Buffer | string, text: EventText): Promise<Array<Buffer | string>> {
    const ends: Held['ends'] = []
    for (const piece of text.pieces) {
      const channel = this.channel(piece.channel)
      channel.closed = false
      channel.text += piece.text
      channel.total += piece.text.length
      ends.push([channel, channel.total])
    }
    for (const prefix of text.closes) {
      for (const [name, channel] of this.channels) if (name.startsWith(prefix)) channel.closed = true
    }
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length
    if (size > 0 || ends.length > 0) this.queue.push({ raw, size, ends })
    this.heldBytes += size
    await this.scanDue()
    if (this.blockedFlag) return []
    if (this.heldBytes > (this.options.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES)) {
      for (const [name, channel] of this.channels) {
        await this.scan(name, channel, true)
        if (this.blockedFlag) return []
      }
    }
    return this.release()
  }

  private async finish(): Promise<Array<Buffer | string>> {
    for (const [name, channel] of this.channels) {
      channel.closed = true
      await this.scan(name, channel, true)
      if (this.blockedFlag) return []
    }
    return this.release()
  }

  private async scanDue(): Promise<void> {
    const batch = Math.max(1, this.options.batchChars ?? 1)
    for (const [name, channel] of this.channels) {
      const due = channel.total - channel.scanned >= batch || (channel.closed && !channel.finalScanned)
      if (due) await this.scan(name, channel, channel.closed)
      if (this.blockedFlag) return
    }
  }

  private async scan(name: string, channel: Channel, final: boolean): Promise<void> {
    if (channel.scanned === channel.total && (channel.finalScanned || !final)) return
    const verdict = await this.options.check({
      channel: name,
      text: channel.text,
      start: channel.windowStart,
      truncated: channel.windowStart > 0,
      final,
    })
    channel.scanned = channel.total
    channel.finalScanned = final
    const overlap = Math.max(0, this.options.overlap)
    if (channel.text.length > overlap) {
      const drop = channel.text.length - overlap
      channel.text = channel.text.slice(drop)
      channel.windowStart += drop
    }
    if (verdict.block) this.blockedFlag = true
  }

  /** Releases held events from the front while every channel text they carry is decided. */
  private release(): Array<Buffer | string> {
    const out: Array<Buffer | string> = []
    while (this.queue.length > 0) {
      const head = this.queue[0]!
      if (!head.ends.every(([channel, end]) => end <= this.safeEnd(channel))) break
      out.push(head.raw)
      this.heldBytes -= head.size
      this.queue.shift()
    }
    return out
  }

  private safeEnd(channel: Channel): number {
    if (channel.finalScanned && channel.scanned === channel.total) return Number.POSITIVE_INFINITY
    return channel.scanned - this.options.overlap
  }
}

export interface InspectedStream {
  /** A check blocked before any byte was released: the caller answers with an ordinary error reply instead. */
  blockedBeforeOutput: boolean
  /** The rest of the inspected body (empty when blocked before output). */
  body: Readable
  inspection: StreamInspection
}

/**
 * Starts inspecting `source` and waits for the first released bytes (or the end, or a block), so the caller
 * can still choose status and headers from what was found before the first byte.
 */
export async function inspectStream(
  source: AsyncIterable<Uint8Array>,
  options: StreamInspectorOptions,
): Promise<InspectedStream> {
  const inspection = new StreamInspection(options)
  const generator = inspection.run(source)
  const first = await generator.next()
  if (first.done) {
    return {
      blockedBeforeOutput: inspection.blocked,
      body: Readable.from([], { objectMode: false }),
      inspection,
    }
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield first.value as Buffer
    yield* generator
  }
  return { blockedBeforeOutput: false, body: Readable.from(rest(), { objectMode: false }), inspection }
}

/**
 * The error event that ends a stream blocked after bytes went out, in the stream's own dialect so its SDK
 * raises it: OpenAI's `{"error":…}` data event (also /compat and OpenAI-compatible providers, which the
 * OpenAI SDKs throw on), Anthropic's `event: error`, Gemini's error chunk (code must be an HTTP status for
 * @google/genai to throw). Other families get an `event: error` with the Cloudflare-style `{code, message}`.
 */
export function streamErrorEvent(schema: TextSchema, error: GatewayError): string {
  switch (schema) {
    case 'openai-chat':
    case 'workers-ai':
      return `data: ${openaiErrorBody(error)}\n\n`
    case 'anthropic-messages': {
      const body = {
        type: 'error',
        error: { type: 'invalid_request_error', message: error.message, code: error.code },
      }
      return `event: error\ndata: ${JSON.stringify(body)}\n\n`
    }
    case 'gemini': {
      const body = {
        error: {
          code: error.status,
          message: error.message,
          status: 'FAILED_PRECONDITION',
          aigw_code: error.code,
        },
      }
      return `data: ${JSON.stringify(body)}\n\n`
    }
    default:
      return `event: error\ndata: ${JSON.stringify({ error: { code: error.code, message: error.message } })}\n\n`
  }
}
