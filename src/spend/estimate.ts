import { NANOS_PER_USD } from '../billing/money.js'

/**
 * A request's worst-case cost before it is sent (F147, docs/decisions/0009-spend-limits.md): the output
 * cap it asks for, or {@link DEFAULT_OUTPUT_TOKEN_CAP} when it sets none, plus its input estimated at one
 * token per {@link BYTES_PER_TOKEN} bytes of body (JSON syntax included, which over-counts plain text;
 * images sent by URL are under-counted, and the actual cost is charged anyway).
 */
export const DEFAULT_OUTPUT_TOKEN_CAP = 4096
export const BYTES_PER_TOKEN = 4

export interface TokenEstimate {
  inputTokens: number
  outputTokens: number
}

/** USD per token. */
export interface TokenRates {
  input: number
  output: number
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined
}

/**
 * The output cap a request body sets, in any of the schema families' spellings: OpenAI `max_tokens` /
 * `max_completion_tokens` (chat) and `max_output_tokens` (Responses), Anthropic `max_tokens`, Gemini
 * `generationConfig.maxOutputTokens`, Bedrock Converse `inferenceConfig.maxTokens`. The largest wins.
 */
export function outputTokenCap(body: unknown): number | undefined {
  if (!isObject(body)) return undefined
  const generation = isObject(body.generationConfig) ? body.generationConfig : {}
  const inference = isObject(body.inferenceConfig) ? body.inferenceConfig : {}
  const caps = [
    body.max_tokens,
    body.max_completion_tokens,
    body.max_output_tokens,
    generation.maxOutputTokens,
    inference.maxTokens,
  ]
    .map(positiveInteger)
    .filter((cap): cap is number => cap !== undefined)
  return caps.length === 0 ? undefined : Math.max(...caps)
}

export function estimateTokens(body: Buffer | null, json: unknown): TokenEstimate {
  return {
    inputTokens: Math.ceil((body?.length ?? 0) / BYTES_PER_TOKEN),
    outputTokens: outputTokenCap(json) ?? DEFAULT_OUTPUT_TOKEN_CAP,
  }
}

/** Whole nano-dollars, rounded up: a reservation must never be smaller than the cost it stands for. */
export function costNanos(tokens: TokenEstimate, rates: TokenRates): number {
  return nanosFromUsd(tokens.inputTokens * rates.input + tokens.outputTokens * rates.output)
}

/** Rounded up, ignoring float noise below a millionth of a nano-dollar; not-a-cost (NaN, < 0) is 0. */
export function nanosFromUsd(usd: number): number {
  if (!Number.isFinite(usd) || usd <= 0) return 0
  return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(usd * NANOS_PER_USD - 1e-6))
}

/** The attempt's body as JSON when it is a JSON object, parsed only when a spend rule applies. */
export function parseJsonObject(body: Buffer | null): unknown {
  if (!body || body.length === 0) return undefined
  let first = 0
  while (
    first < body.length &&
    (body[first] === 0x20 || body[first] === 0x0a || body[first] === 0x0d || body[first] === 0x09)
  ) {
    first += 1
  }
  if (body[first] !== 0x7b) return undefined
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}
