import type { Usage } from '../core/log-entry.js'

/**
 * Usage as read from a response. `inputTokens` is the total prompt size including cache reads and writes
 * (the catalogue's convention); `cachedInputTokens` the cache reads within it. `cacheWriteInputTokens` is
 * extra detail core's `Usage` has no field for: the pricing uses it for the cache-write rate when present.
 */
export interface UsageReading extends Usage {
  cacheWriteInputTokens?: number
}

/** What one payload reported, before a stream's payloads are merged (later values win, field by field). */
export interface UsageSample {
  input?: number
  output?: number
  cacheRead?: number
  cacheWrite?: number
  /** false when `input` excludes cache reads and writes (Anthropic, Bedrock), which must then be added. */
  inputIncludesCache?: boolean
}

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

function sum(...values: Array<number | undefined>): number | undefined {
  let total: number | undefined
  for (const value of values) if (value !== undefined) total = (total ?? 0) + value
  return total
}

function sample(fields: UsageSample): UsageSample | undefined {
  if (fields.input === undefined && fields.output === undefined) return undefined
  const out: UsageSample = {}
  for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const value = fields[key]
    if (value !== undefined) out[key] = value
  }
  if (fields.input !== undefined && fields.inputIncludesCache !== undefined) {
    out.inputIncludesCache = fields.inputIncludesCache
  }
  return out
}

/** Cohere v1 `meta` and v2 `usage`: billed units are what is charged; raw `tokens` when they are absent. */
function fromCohere(container: JsonObject): UsageSample | undefined {
  const billed = isObject(container.billed_units) ? container.billed_units : undefined
  const tokens = isObject(container.tokens) ? container.tokens : undefined
  for (const units of [billed, tokens]) {
    if (units === undefined) continue
    const found = sample({
      input: count(units.input_tokens),
      output: count(units.output_tokens),
      inputIncludesCache: true,
    })
    if (found) return found
  }
  return undefined
}

/** A `usage` object: OpenAI chat/embeddings/Workers AI, OpenAI Responses, Anthropic, Bedrock Converse, Cohere v2. */
export function fromUsageObject(usage: JsonObject): UsageSample | undefined {
  if (isObject(usage.billed_units) || isObject(usage.tokens)) return fromCohere(usage)
  const promptTokens = count(usage.prompt_tokens)
  if (promptTokens !== undefined || count(usage.completion_tokens) !== undefined) {
    const details = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {}
    return sample({
      input: promptTokens,
      output: count(usage.completion_tokens),
      // DeepSeek reports cache hits at the top level.
      cacheRead: count(details.cached_tokens) ?? count(usage.prompt_cache_hit_tokens),
      inputIncludesCache: true,
    })
  }
  if (count(usage.input_tokens) !== undefined || count(usage.output_tokens) !== undefined) {
    const anthropic = 'cache_read_input_tokens' in usage || 'cache_creation_input_tokens' in usage
    const details = isObject(usage.input_tokens_details) ? usage.input_tokens_details : {}
    return sample({
      input: count(usage.input_tokens),
      output: count(usage.output_tokens),
      cacheRead: anthropic ? count(usage.cache_read_input_tokens) : count(details.cached_tokens),
      cacheWrite: anthropic ? count(usage.cache_creation_input_tokens) : undefined,
      inputIncludesCache: !anthropic,
    })
  }
  return sample({
    input: count(usage.inputTokens),
    output: count(usage.outputTokens),
    cacheRead: count(usage.cacheReadInputTokens),
    cacheWrite: count(usage.cacheWriteInputTokens),
    inputIncludesCache: false,
  })
}

/**
 * Gemini `usageMetadata`. Thinking tokens are billed as output; tool-use prompt tokens as input. When
 * `totalTokenCount` shows the thoughts already inside `candidatesTokenCount` (as some Vertex responses do),
 * they are not added twice.
 */
export function fromGemini(meta: JsonObject): UsageSample | undefined {
  const prompt = count(meta.promptTokenCount)
  const toolPrompt = count(meta.toolUsePromptTokenCount)
  const candidates = count(meta.candidatesTokenCount)
  const thoughts = count(meta.thoughtsTokenCount)
  const total = count(meta.totalTokenCount)
  const input = sum(prompt, toolPrompt)
  const thoughtsInside =
    thoughts !== undefined &&
    total !== undefined &&
    candidates !== undefined &&
    (input ?? 0) + candidates === total
  return sample({
    input,
    output: thoughtsInside ? candidates : sum(candidates, thoughts),
    cacheRead: count(meta.cachedContentTokenCount),
    inputIncludesCache: true,
  })
}

/** Replicate predictions: `metrics.input_token_count` / `output_token_count`. */
export function fromReplicateMetrics(metrics: JsonObject): UsageSample | undefined {
  return sample({
    input: count(metrics.input_token_count),
    output: count(metrics.output_token_count),
    inputIncludesCache: true,
  })
}

/** Bedrock's `amazon-bedrock-invocationMetrics` in the last chunk of InvokeModelWithResponseStream. */
export function fromBedrockMetrics(metrics: JsonObject): UsageSample | undefined {
  return sample({
    input: count(metrics.inputTokenCount),
    output: count(metrics.outputTokenCount),
    cacheRead: count(metrics.cacheReadInputTokenCount),
    cacheWrite: count(metrics.cacheWriteInputTokenCount),
    inputIncludesCache: false,
  })
}

const BEDROCK_METRICS = 'amazon-bedrock-invocationMetrics'
/** Envelopes that carry a usage one level down: Responses events, Anthropic message_start, Cohere v2 message-end, Workers AI. */
const WRAPPERS = ['response', 'message', 'delta', 'result'] as const

/** Recognises usage in one parsed payload by its shape, whichever provider sent it. */
export function sampleFromPayload(value: unknown, depth = 0): UsageSample | undefined {
  if (!isObject(value)) return undefined
  const found =
    (isObject(value.usage) ? fromUsageObject(value.usage) : undefined) ??
    (isObject(value.usageMetadata) ? fromGemini(value.usageMetadata) : undefined) ??
    (isObject(value.meta) ? fromCohere(value.meta) : undefined) ??
    (isObject(value.metrics) ? fromReplicateMetrics(value.metrics) : undefined) ??
    (isObject(value[BEDROCK_METRICS]) ? fromBedrockMetrics(value[BEDROCK_METRICS]) : undefined)
  if (found || depth > 0) return found
  for (const key of WRAPPERS) {
    const inner = sampleFromPayload(value[key], depth + 1)
    if (inner) return inner
  }
  return undefined
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** `model` (most families), `modelVersion` (Gemini), or the model of a Responses/Anthropic/Workers AI envelope. */
export function modelFromPayload(value: unknown): string | undefined {
  if (!isObject(value)) return undefined
  const direct = nonEmpty(value.model) ?? nonEmpty(value.modelVersion)
  if (direct) return direct
  for (const key of WRAPPERS) {
    const inner = value[key]
    if (isObject(inner)) {
      const model = nonEmpty(inner.model)
      if (model) return model
    }
  }
  return undefined
}

export interface PayloadReading {
  sample?: UsageSample
  model?: string
}

/** Usage and model of one parsed payload; a JSON array (Gemini streaming without SSE) merges its elements in order. */
export function readPayload(value: unknown): PayloadReading {
  const out: PayloadReading = {}
  for (const item of Array.isArray(value) ? value : [value]) {
    const found = sampleFromPayload(item)
    if (found) out.sample = { ...out.sample, ...found }
    out.model ??= modelFromPayload(item)
  }
  return out
}

export interface UsageResult {
  usage?: UsageReading
  model?: string
}

/** Merges the payloads of one response in order: later counts win field by field (streams report cumulative totals). */
export class UsageAccumulator {
  #merged: UsageSample = {}
  #samples = 0
  model: string | undefined

  /** How many payloads reported usage so far. */
  get samples(): number {
    return this.#samples
  }

  add(found: UsageSample): void {
    this.#samples++
    Object.assign(this.#merged, found)
  }

  /** Takes usage and model from a parsed payload. */
  absorb(value: unknown): void {
    const { sample, model } = readPayload(value)
    if (sample) this.add(sample)
    this.model ??= model
  }

  result(): UsageResult {
    const out: UsageResult = {}
    const usage = this.#samples > 0 ? finalUsage(this.#merged) : undefined
    if (usage) out.usage = usage
    if (this.model !== undefined) out.model = this.model
    return out
  }
}

function finalUsage(merged: UsageSample): UsageReading | undefined {
  if (merged.input === undefined && merged.output === undefined) return undefined
  const cacheRead = merged.cacheRead
  const cacheWrite = merged.cacheWrite
  const separateCache = merged.inputIncludesCache === false ? (cacheRead ?? 0) + (cacheWrite ?? 0) : 0
  const usage: UsageReading = {
    inputTokens: (merged.input ?? 0) + separateCache,
    outputTokens: merged.output ?? 0,
  }
  if (cacheRead !== undefined) usage.cachedInputTokens = Math.min(cacheRead, usage.inputTokens)
  if (cacheWrite !== undefined && cacheWrite > 0) usage.cacheWriteInputTokens = cacheWrite
  return usage
}
