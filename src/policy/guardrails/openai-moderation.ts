import type { HazardCode } from './categories.js'
import { VerdictError, type Verdict } from './parse-verdict.js'

/**
 * OpenAI's moderation categories (`omni-moderation-*`, `text-moderation-*`) in Llama Guard 3's taxonomy, so the
 * same gateway settings apply whichever evaluator runs. OpenAI has no category for S3, S5–S9, S13, S14 or P1:
 * with this evaluator those settings never match (the decision record lists it).
 */
export const OPENAI_MODERATION_MAP: Readonly<Record<string, readonly HazardCode[]>> = {
  sexual: ['S12'],
  'sexual/minors': ['S4'],
  hate: ['S10'],
  'hate/threatening': ['S10', 'S1'],
  harassment: ['S10'],
  'harassment/threatening': ['S10', 'S1'],
  'self-harm': ['S11'],
  'self-harm/intent': ['S11'],
  'self-harm/instructions': ['S11'],
  violence: ['S1'],
  'violence/graphic': ['S1'],
  illicit: ['S2'],
  'illicit/violent': ['S1'],
}

export function openaiModerationRequest(model: string, text: string): { model: string; input: string } {
  return { model, input: text }
}

/** `results[0].categories` holds OpenAI's own flagged-or-not per category; its thresholds are kept as they are. */
export function parseOpenAiModeration(body: unknown): Verdict {
  const results = (body as { results?: unknown } | null)?.results
  const first = Array.isArray(results) ? (results[0] as { categories?: unknown } | undefined) : undefined
  const categories = first?.categories
  if (categories === null || typeof categories !== 'object') {
    throw new VerdictError('moderation answer has no results[0].categories')
  }
  const codes = new Set<string>()
  for (const [name, flagged] of Object.entries(categories as Record<string, unknown>)) {
    if (flagged !== true) continue
    for (const code of OPENAI_MODERATION_MAP[name] ?? []) codes.add(code)
  }
  return codes.size === 0 ? { safe: true, categories: [] } : { safe: false, categories: [...codes] }
}
