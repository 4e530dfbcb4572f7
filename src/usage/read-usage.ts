import { eventStreamPayloads } from './aws-event-stream.js'
import type { Framing, Stretch } from './event-blocks.js'
import { lastObjectForKey, parseJson, stringForKey, type FoundObject } from './json-scan.js'
import { firstUsageEvent, lastUsageEvent, modelEvent } from './stream-events.js'
import {
  fromBedrockMetrics,
  fromGemini,
  fromReplicateMetrics,
  fromUsageObject,
  isObject,
  UsageAccumulator,
  type JsonObject,
  type UsageResult,
  type UsageSample,
} from './usage-shapes.js'

export type { UsageReading, UsageResult } from './usage-shapes.js'
export { usageFromHeaders } from './usage-from-headers.js'

/** Either the whole body, or the head and tail a `BodyCapture` kept (an empty tail means head is the whole body). */
export type UsageInput =
  { contentType: string; body: Buffer } | { contentType: string; head: Buffer; tail: Buffer }

type BodyKind = 'json' | 'sse' | 'ndjson' | 'aws-event-stream'

const HEAD_BYTES = 8 * 1024
const TAIL_BYTES = 32 * 1024
/** Whole bodies up to this size are read completely; larger ones are read like a capture's head and tail. */
const WHOLE_READ_BYTES = 256 * 1024
/** Second look at a large whole body whose usage was not in its last 32 KiB. */
const WIDE_TAIL_BYTES = 1024 * 1024

/**
 * Token usage and model from a provider response, recognised by the payload's shape rather than by provider
 * (F245, F248, F262). Runs once per request in the log writer, off the request path: it parses only the events
 * that can carry usage, and never throws (garbage yields `{}`).
 */
export function readUsage(input: UsageInput): UsageResult {
  try {
    if ('body' in input) return readWhole(input.contentType, input.body)
    if (input.tail.length === 0) return readWhole(input.contentType, input.head)
    const kind = detectKind(input.contentType, input.head)
    return kind === undefined ? {} : readHeadTail(kind, input.head, input.tail)
  } catch {
    return {}
  }
}

function readWhole(contentType: string, body: Buffer): UsageResult {
  const kind = detectKind(contentType, body)
  if (kind === undefined) return {}
  if (body.length <= WHOLE_READ_BYTES) return readSmall(kind, body)
  const head = body.subarray(0, HEAD_BYTES)
  const found = readHeadTail(kind, head, body.subarray(body.length - TAIL_BYTES))
  if (found.usage) return found
  return readHeadTail(kind, head, body.subarray(Math.max(HEAD_BYTES, body.length - WIDE_TAIL_BYTES)))
}

const SNIFF_BYTES = 64

/** Binary bodies (audio, images) and unrecognised text carry no usage: undefined. */
function detectKind(contentType: string, body: Buffer): BodyKind | undefined {
  const type = contentType.toLowerCase()
  if (type.includes('text/event-stream')) return 'sse'
  if (type.includes('application/vnd.amazon.eventstream')) return 'aws-event-stream'
  if (type.includes('ndjson') || type.includes('stream+json') || type.includes('jsonl')) return 'ndjson'
  if (/^(audio|image|video|font)\//.test(type) || type.includes('octet-stream')) return undefined
  const start = body.subarray(0, SNIFF_BYTES).toString('latin1').trimStart()
  if (/^(data|event|id):/.test(start) || start.startsWith(':')) return 'sse'
  if (start.startsWith('{') || start.startsWith('[')) return 'json'
  return undefined
}

function readSmall(kind: BodyKind, body: Buffer): UsageResult {
  if (kind === 'aws-event-stream') return readEventStream(body, undefined)
  const text = body.toString('utf8')
  if (kind !== 'json') return readStream(framing(kind), { text, startsAtBoundary: true, endIsFinal: true })
  const value = parseJson(text)
  if (value === undefined) return readJsonText(text, '')
  const acc = new UsageAccumulator()
  acc.absorb(value)
  return acc.result()
}

/** A body known only by its start and end; events and lines cut at the edges are dropped. */
function readHeadTail(kind: BodyKind, head: Buffer, tail: Buffer): UsageResult {
  if (kind === 'aws-event-stream') return readEventStream(head, tail)
  const headText = head.toString('utf8')
  const tailText = tail.toString('utf8')
  if (kind === 'json') return readJsonText(headText, tailText)
  return readStream(
    framing(kind),
    { text: headText, startsAtBoundary: true, endIsFinal: false },
    { text: tailText, startsAtBoundary: false, endIsFinal: true },
  )
}

function framing(kind: 'sse' | 'ndjson'): Framing {
  return kind === 'sse' ? 'sse' : 'lines'
}

/**
 * First usage event from the head, last from the tail (or, for a whole body, from after the first). An event
 * larger than the kept tail (a Responses `response.completed` with a long output) is cut, but its usage object,
 * near its end, is still found by scanning the text.
 */
function readStream(framing: Framing, head: Stretch, tail?: Stretch): UsageResult {
  const acc = new UsageAccumulator()
  const first = firstUsageEvent(framing, head)
  const last = lastUsageEvent(framing, tail ?? head, tail || !first ? 0 : first.block.end)
  if (first) acc.add(first.sample)
  if (last) acc.add(last.sample)
  if (tail && !last) addScanned(acc, tail.text)
  if (acc.samples === 0) addScanned(acc, head.text)
  acc.model =
    first?.model ??
    modelEvent(framing, head) ??
    last?.model ??
    (tail ? modelEvent(framing, tail) : undefined) ??
    stringForKey(head.text, 'model', 'first')
  return acc.result()
}

function addScanned(acc: UsageAccumulator, text: string): void {
  const found = scanUsage(text)
  if (found) acc.add(found)
}

function readJsonText(headText: string, tailText: string): UsageResult {
  const acc = new UsageAccumulator()
  const found = scanUsage(tailText) ?? scanUsage(headText)
  if (found) acc.add(found)
  acc.model =
    stringForKey(headText, 'model', 'first') ??
    stringForKey(tailText, 'modelVersion', 'last') ??
    stringForKey(tailText, 'model', 'last') ??
    stringForKey(headText, 'modelVersion', 'first')
  return acc.result()
}

/** Bedrock streams: every intact message of the head (or whole body) and of the tail is read. */
function readEventStream(head: Buffer, tail: Buffer | undefined): UsageResult {
  const acc = new UsageAccumulator()
  const payloads = eventStreamPayloads(head, { resync: false })
  if (tail) payloads.push(...eventStreamPayloads(tail, { resync: true }))
  for (const payload of payloads) {
    const value = parseJson(payload.toString('utf8'))
    acc.absorb(value)
    // InvokeModelWithResponseStream wraps each model event, base64-encoded, in `bytes`.
    if (isObject(value) && typeof value.bytes === 'string') {
      acc.absorb(parseJson(Buffer.from(value.bytes, 'base64').toString('utf8')))
    }
  }
  return acc.result()
}

const SCANNED: Array<[key: string, read: (value: JsonObject) => UsageSample | undefined]> = [
  ['usage', fromUsageObject],
  ['usageMetadata', fromGemini],
  // Cohere v1 `meta.billed_units`, v2 `usage.billed_units`: an input/output pair like any usage object.
  ['billed_units', fromUsageObject],
  ['metrics', fromReplicateMetrics],
  ['amazon-bedrock-invocationMetrics', fromBedrockMetrics],
]

/** The last usage object in JSON text that cannot be parsed whole (streams report cumulative totals). */
function scanUsage(text: string): UsageSample | undefined {
  let best: { found: FoundObject; sample: UsageSample } | undefined
  for (const [key, read] of SCANNED) {
    let sample: UsageSample | undefined
    const found = lastObjectForKey(text, key, (value) => (sample = read(value)) !== undefined)
    if (found && sample && (!best || found.index > best.found.index)) best = { found, sample }
  }
  return best?.sample
}
