import type { OpenAIFinishReason, OpenAIUsage } from '../types.js'
import { isRecord, numberField, recordField, stringField } from '../identity/hub-json.js'
import { makeUsage } from '../identity/hub-usage.js'

export interface FunctionCallPart {
  /** Gemini rarely sends one (the Live API does); OpenAI clients need one, so `call_<n>` stands in. */
  id: string | undefined
  name: string
  args: unknown
}

/** One run of a candidate's parts, in order: text runs and function-call runs alternate. */
export type PartRun = { kind: 'text'; text: string } | { kind: 'calls'; calls: FunctionCallPart[] }

export interface CandidateParts {
  runs: PartRun[]
  /** Part kinds the hub schema cannot carry (images, executable code, …). */
  skipped: string[]
}

/** Reads a candidate's parts; thought summaries (`thought: true`) are the model's reasoning, not its answer. */
export function readParts(candidate: Record<string, unknown>): CandidateParts {
  const runs: PartRun[] = []
  const skipped: string[] = []
  const parts = recordField(candidate, 'content')?.parts
  if (!Array.isArray(parts)) return { runs, skipped }
  for (const part of parts) {
    if (!isRecord(part) || part.thought === true) continue
    const last = runs.at(-1)
    const call = recordField(part, 'functionCall')
    if (typeof part.text === 'string') {
      if (part.text === '') continue
      if (last?.kind === 'text') last.text += part.text
      else runs.push({ kind: 'text', text: part.text })
    } else if (call !== undefined && typeof call.name === 'string') {
      const entry: FunctionCallPart = { id: stringField(call, 'id'), name: call.name, args: call.args ?? {} }
      if (last?.kind === 'calls') last.calls.push(entry)
      else runs.push({ kind: 'calls', calls: [entry] })
    } else {
      skipped.push(Object.keys(part).find((key) => key !== 'thoughtSignature') ?? 'unknown')
    }
  }
  return { runs, skipped }
}

const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
])

/** Gemini `finishReason` → OpenAI; STOP after a function call is OpenAI's `tool_calls`. */
export function finishReason(reason: string | undefined, sawToolCall: boolean): OpenAIFinishReason | null {
  if (reason === undefined || reason === 'FINISH_REASON_UNSPECIFIED') return null
  if (reason === 'MAX_TOKENS') return 'length'
  if (FILTERED.has(reason)) return 'content_filter'
  return sawToolCall ? 'tool_calls' : 'stop'
}

/** Thinking tokens are billed as output, so they count as completion tokens. */
export function geminiUsage(metadata: unknown): OpenAIUsage | undefined {
  if (!isRecord(metadata)) return undefined
  const prompt = numberField(metadata, 'promptTokenCount') ?? 0
  const completion =
    (numberField(metadata, 'candidatesTokenCount') ?? 0) + (numberField(metadata, 'thoughtsTokenCount') ?? 0)
  return makeUsage(prompt, completion, numberField(metadata, 'cachedContentTokenCount'))
}

/** The prompt itself was refused: no candidates, only `promptFeedback.blockReason`. */
export function promptBlockReason(body: Record<string, unknown>): string | undefined {
  return stringField(recordField(body, 'promptFeedback') ?? {}, 'blockReason')
}
