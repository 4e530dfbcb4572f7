import type { SseEvent } from '../../stream/sse.js'
import { invalidUpstream } from './hub-errors.js'

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key]
  return typeof value === 'string' ? value : undefined
}

export function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function recordField(
  record: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = record[key]
  return isRecord(value) ? value : undefined
}

export function arrayField(record: Record<string, unknown>, key: string): unknown[] | undefined {
  const value = record[key]
  return Array.isArray(value) ? value : undefined
}

/** `data: [DONE]` terminates OpenAI-style streams; it carries no JSON. */
export function isDoneEvent(event: SseEvent): boolean {
  return event.data.trim() === '[DONE]'
}

/** Parses one SSE event's JSON payload; `undefined` for an empty keep-alive event. */
export function parseEventJson(event: SseEvent, family: string): unknown {
  const data = event.data.trim()
  if (data === '') return undefined
  try {
    return JSON.parse(data)
  } catch (error) {
    throw invalidUpstream(`${family} stream event is not JSON: ${data.slice(0, 120)}`, error)
  }
}

/** OpenAI tool-call arguments are a JSON text; providers that send an object get it serialised. */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value ?? {})
}
