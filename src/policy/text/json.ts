import type { Segment, SegmentKind } from './types.js'

export type JsonRecord = Record<string, unknown>

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** RFC 6901 pointer from path parts. */
export function pointer(base: string, ...parts: Array<string | number>): string {
  let out = base
  for (const part of parts) out += `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`
  return out
}

const DATA_URI = /^data:[^,]{0,200};base64,/i
const BASE64_RUN = /^[A-Za-z0-9+/_-]+={0,2}$/
const BLOB_MIN_LENGTH = 200

/**
 * F215: base64 payloads (images, audio, files) are not decoded or scanned. A data URI, or a long run of
 * base64 characters with no whitespace, is treated as a blob; prose and code always contain other characters.
 */
export function isBlob(text: string): boolean {
  if (DATA_URI.test(text)) return true
  return text.length >= BLOB_MIN_LENGTH && BASE64_RUN.test(text)
}

/** Tool-call arguments arrive as a JSON string (OpenAI) or an object (Anthropic, Gemini); both are scanned as text. */
export function argumentsText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) return undefined
  if (isRecord(value) && Object.keys(value).length === 0) return undefined
  return JSON.stringify(value)
}

/** Collects segments, skipping empty strings and blobs. */
export class SegmentSink {
  readonly segments: Segment[] = []

  add(text: unknown, location: string, kind: SegmentKind, role?: string): void {
    if (typeof text !== 'string' || text === '' || isBlob(text)) return
    const segment: Segment = { text, location, kind }
    if (role !== undefined) segment.role = role
    this.segments.push(segment)
  }

  /** A string or an array of strings (OpenAI `prompt`/`input`, Workers AI `text`); token arrays are skipped. */
  addStrings(value: unknown, location: string, kind: SegmentKind, role?: string): void {
    if (typeof value === 'string') return this.add(value, location, kind, role)
    asArray(value).forEach((item, index) => {
      if (typeof item === 'string') this.add(item, pointer(location, index), kind, role)
    })
  }
}

/** Keys that name structure, not content: the generic walk skips them. */
const STRUCTURAL_KEYS = new Set([
  'model',
  'role',
  'type',
  'object',
  'id',
  'index',
  'created',
  'finish_reason',
  'stop_reason',
  'finishReason',
  'mime_type',
  'mimeType',
  'media_type',
  'encoding_format',
  'response_format',
  'tool_choice',
  'service_tier',
  'system_fingerprint',
])

const BINARY_KEYS = new Set(['b64_json', 'inlineData', 'inline_data', 'image', 'audio', 'bytes', 'embedding'])

/**
 * Fallback for bodies of unknown shape (opaque providers, new endpoints): every string leaf except
 * structural keys and binary fields, plus integers long enough to be identifiers (a card number sent as
 * a JSON number is still a card number).
 */
export function walkStrings(value: unknown, sink: SegmentSink, location = '', depth = 0): void {
  if (depth > 64) return
  if (typeof value === 'string') return sink.add(value, location, 'other')
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && Math.abs(value) >= 100_000_000)
      sink.add(String(value), location, 'other')
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkStrings(item, sink, pointer(location, index), depth + 1))
    return
  }
  if (!isRecord(value)) return
  for (const [key, child] of Object.entries(value)) {
    if (STRUCTURAL_KEYS.has(key) || BINARY_KEYS.has(key)) continue
    walkStrings(child, sink, pointer(location, key), depth + 1)
  }
}
