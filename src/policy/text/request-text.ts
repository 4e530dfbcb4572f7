import { anthropicRequestText } from './anthropic.js'
import { bedrockRequestText } from './bedrock.js'
import { cohereRequestText } from './cohere.js'
import { geminiRequestText } from './gemini.js'
import { isRecord, pointer, SegmentSink, walkStrings, type JsonRecord } from './json.js'
import { openaiRequestText } from './openai.js'
import type { Segment, TextSchema } from './types.js'
import { workersAiRequestText } from './workers-ai.js'

type Reader = (json: JsonRecord, sink: SegmentSink) => boolean

const REQUEST_READERS: Record<TextSchema, Reader | undefined> = {
  'openai-chat': openaiRequestText,
  'anthropic-messages': anthropicRequestText,
  gemini: geminiRequestText,
  cohere: cohereRequestText,
  'workers-ai': workersAiRequestText,
  bedrock: bedrockRequestText,
  opaque: undefined,
}

/**
 * The text of a request body (F215): message text, system prompts, tool-call arguments and tool results, in
 * document order; never base64 payloads, image data or URLs. A body the family's reader does not recognise
 * (a new endpoint, an opaque provider) falls back to every string leaf, so nothing escapes unread.
 */
export function extractRequestText(schema: TextSchema, json: unknown): Segment[] {
  const sink = new SegmentSink()
  const reader = REQUEST_READERS[schema]
  if (!(isRecord(json) && reader?.(json, sink))) walkStrings(json, sink)
  return sink.segments
}

/**
 * A Universal request (F035): each step's `query` is read in its own provider's schema; locations point into
 * the array (`/1/query/messages/0/content`). `schemaOf` maps a step's provider slug to its family.
 */
export function extractUniversalText(json: unknown, schemaOf: (provider: string) => TextSchema): Segment[] {
  const steps = Array.isArray(json) ? json : [json]
  const out: Segment[] = []
  steps.forEach((step, index) => {
    const base = Array.isArray(json) ? pointer('', index) : ''
    if (!isRecord(step)) return
    const schema = typeof step.provider === 'string' ? schemaOf(step.provider) : 'opaque'
    for (const segment of extractRequestText(schema, step.query)) {
      out.push({ ...segment, location: `${base}/query${segment.location}` })
    }
  })
  return out
}
