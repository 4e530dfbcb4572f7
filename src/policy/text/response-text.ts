import { anthropicEventText, anthropicResponseText } from './anthropic.js'
import { bedrockResponseText } from './bedrock.js'
import { cohereEventText, cohereResponseText } from './cohere.js'
import { geminiEventText, geminiResponseText } from './gemini.js'
import { isRecord, SegmentSink, walkStrings, type JsonRecord } from './json.js'
import { openaiEventText, openaiResponseText } from './openai.js'
import { createSseFramer, type SseEvent } from './sse-frames.js'
import { noText, type EventText, type Segment, type TextSchema } from './types.js'
import { workersAiEventText, workersAiResponseText } from './workers-ai.js'

type Reader = (json: JsonRecord, sink: SegmentSink) => boolean

const RESPONSE_READERS: Record<TextSchema, Reader | undefined> = {
  'openai-chat': openaiResponseText,
  'anthropic-messages': anthropicResponseText,
  gemini: geminiResponseText,
  cohere: cohereResponseText,
  'workers-ai': workersAiResponseText,
  bedrock: bedrockResponseText,
  opaque: undefined,
}

/** The text of a whole JSON response (F215); unknown shapes fall back to every string leaf. */
export function extractResponseText(schema: TextSchema, json: unknown): Segment[] {
  const sink = new SegmentSink()
  const reader = RESPONSE_READERS[schema]
  if (!(isRecord(json) && reader?.(json, sink))) walkStrings(json, sink)
  return sink.segments
}

/** Reads the text out of one stream's events, in order; holds per-stream state (Gemini numbers its calls). */
export type EventTextReader = (event: SseEvent) => EventText

export function createEventTextReader(schema: TextSchema): EventTextReader {
  const sequence = { next: 0 }
  const byData = (data: string): EventText => {
    switch (schema) {
      case 'openai-chat':
        return openaiEventText(data)
      case 'anthropic-messages':
        return anthropicEventText(data)
      case 'gemini':
        return geminiEventText(data, sequence)
      case 'cohere':
        return cohereEventText(data)
      case 'workers-ai':
        return workersAiEventText(data)
      case 'bedrock':
      case 'opaque':
        return genericEventText(data)
    }
  }
  return (event) => (event.data === '' ? noText() : byData(event.data))
}

/** Unknown streams: every string of a JSON event (or the raw data) on one channel. */
function genericEventText(data: string): EventText {
  const out = noText()
  if (data.trim() === '[DONE]') return { pieces: [], closes: [''] }
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    out.pieces.push({ channel: 'data', text: data, kind: 'other' })
    return out
  }
  const sink = new SegmentSink()
  walkStrings(json, sink)
  for (const segment of sink.segments) out.pieces.push({ channel: 'data', text: segment.text, kind: 'other' })
  return out
}

export type BodyKind = 'sse' | 'json' | 'text'

/** How a response body is read: SSE event by event, JSON whole, anything else as raw text. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const base = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (base === 'text/event-stream') return 'sse'
  if (base === 'application/json' || base.endsWith('+json')) return 'json'
  return 'text'
}

export interface ResponseTextReader {
  /** Text available so far: streamed text as it arrives (location = channel), nothing yet for JSON. */
  push(chunk: Uint8Array): Segment[]
  /** The rest: for JSON the whole body's text; throws nothing — unparseable JSON is read as raw text. */
  end(): Segment[]
}

/**
 * Reads the text of a response body incrementally, for JSON and SSE alike (guardrails and DLP both use it).
 * JSON is buffered until `end()`; the caller bounds the size.
 */
export function createResponseTextReader(
  schema: TextSchema,
  contentType: string | undefined,
): ResponseTextReader {
  const kind = bodyKind(contentType)
  if (kind === 'sse') {
    const framer = createSseFramer()
    const read = createEventTextReader(schema)
    const toSegments = (frames: ReturnType<typeof framer.push>): Segment[] =>
      frames.flatMap((frame) =>
        frame.event
          ? read(frame.event).pieces.map((piece) => ({
              text: piece.text,
              location: piece.channel,
              kind: piece.kind,
            }))
          : [],
      )
    return { push: (chunk) => toSegments(framer.push(chunk)), end: () => toSegments(framer.end()) }
  }
  const decoder = new TextDecoder()
  if (kind === 'text') {
    const asSegment = (text: string): Segment[] =>
      text === '' ? [] : [{ text, location: '', kind: 'other' }]
    return {
      push: (chunk) => asSegment(decoder.decode(chunk, { stream: true })),
      end: () => asSegment(decoder.decode()),
    }
  }
  let body = ''
  return {
    push(chunk) {
      body += decoder.decode(chunk, { stream: true })
      return []
    },
    end() {
      body += decoder.decode()
      let json: unknown
      try {
        json = JSON.parse(body)
      } catch {
        return body === '' ? [] : [{ text: body, location: '', kind: 'other' }]
      }
      return extractResponseText(schema, json)
    },
  }
}
