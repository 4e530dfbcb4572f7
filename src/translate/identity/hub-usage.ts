import type { OpenAIUsage } from '../types.js'

export function makeUsage(prompt: number, completion: number, cached?: number): OpenAIUsage {
  const usage: OpenAIUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  }
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached }
  return usage
}

export const MISSING_USAGE_WARNING = 'upstream reported no token usage; usage is reported as zeros'
