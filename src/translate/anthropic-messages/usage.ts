/** Anthropic usage ↔ OpenAI usage. OpenAI's prompt_tokens include cached tokens; Anthropic's input_tokens do not. */
import type { OpenAIUsage } from '../types.js'
import { isRecord, optionalNumber } from './guards.js'
import type { AnthropicUsage } from './wire-types.js'

export interface AnthropicTokenCounts {
  input: number
  output: number
  cacheRead: number
  cacheCreation: number
}

export const NO_TOKENS: AnthropicTokenCounts = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 }

/** Reads an Anthropic usage object; fields it lacks keep their value from `base` (message_delta is partial). */
export function readAnthropicUsage(
  usage: unknown,
  base: AnthropicTokenCounts = NO_TOKENS,
): AnthropicTokenCounts {
  if (!isRecord(usage)) return base
  return {
    input: optionalNumber(usage['input_tokens']) ?? base.input,
    output: optionalNumber(usage['output_tokens']) ?? base.output,
    cacheRead: optionalNumber(usage['cache_read_input_tokens']) ?? base.cacheRead,
    cacheCreation: optionalNumber(usage['cache_creation_input_tokens']) ?? base.cacheCreation,
  }
}

export function toOpenAIUsage(counts: AnthropicTokenCounts): OpenAIUsage {
  const prompt = counts.input + counts.cacheRead + counts.cacheCreation
  return {
    prompt_tokens: prompt,
    completion_tokens: counts.output,
    total_tokens: prompt + counts.output,
    prompt_tokens_details: { cached_tokens: counts.cacheRead },
  }
}

/** Cache writes have no OpenAI counterpart, so they come back as plain input tokens. */
export function toAnthropicUsage(usage: OpenAIUsage | null | undefined): AnthropicUsage {
  if (!usage) return { input_tokens: 0, output_tokens: 0 }
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0
  return {
    input_tokens: Math.max(0, usage.prompt_tokens - cached),
    output_tokens: usage.completion_tokens,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  }
}
