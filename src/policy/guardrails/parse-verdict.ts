import { isHazardCode } from './categories.js'

/** What one evaluation said about one piece of text. */
export interface Verdict {
  safe: boolean
  /** Hazard codes as the evaluator named them (S1…S14, P1), deduplicated, in the order given. */
  categories: string[]
}

export class VerdictError extends Error {}

/**
 * Llama Guard's answer: `safe`, or `unsafe` followed by a line of comma-separated codes (`unsafe\nS1,S10`).
 * Models and servers vary in case, surrounding whitespace and separators (`S1, S10`, one code per line), so
 * those are tolerated; anything else, including `unsafe` without a single recognisable code, is an error
 * rather than a guess, so the availability rule (F207) decides instead.
 */
export function parseLlamaGuardText(text: string): Verdict {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const first = lines[0]?.toLowerCase()
  if (first === 'safe') return { safe: true, categories: [] }
  if (first !== 'unsafe') {
    throw new VerdictError(`expected 'safe' or 'unsafe', got ${JSON.stringify(text.slice(0, 80))}`)
  }
  const codes = lines
    .slice(1)
    .flatMap((line) => line.split(/[,\s]+/))
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '')
  const categories = [...new Set(codes.filter(isHazardCode))]
  if (categories.length === 0) {
    throw new VerdictError(`'unsafe' without a hazard category: ${JSON.stringify(text.slice(0, 80))}`)
  }
  return { safe: false, categories }
}

/**
 * Workers AI's `@cf/meta/llama-guard-3-8b` answers `{result:{response}}` where `response` is Llama Guard's
 * text, or `{safe, categories}` when JSON output was requested.
 */
export function parseWorkersAiVerdict(envelope: unknown): Verdict {
  const result = (envelope as { result?: { response?: unknown } } | null)?.result
  const response = result?.response
  if (typeof response === 'string') return parseLlamaGuardText(response)
  if (response !== null && typeof response === 'object') {
    const { safe, categories } = response as { safe?: unknown; categories?: unknown }
    if (typeof safe === 'boolean') {
      const codes = Array.isArray(categories)
        ? categories.filter((code): code is string => typeof code === 'string').map((c) => c.toUpperCase())
        : []
      if (safe) return { safe: true, categories: [] }
      return parseLlamaGuardText(`unsafe\n${codes.join(',')}`)
    }
  }
  throw new VerdictError('Workers AI answer has no result.response')
}

/** An OpenAI-compatible chat completion whose first choice carries Llama Guard's text. */
export function parseChatCompletionVerdict(completion: unknown): Verdict {
  const choices = (completion as { choices?: unknown } | null)?.choices
  const content = Array.isArray(choices)
    ? (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content
    : undefined
  if (typeof content !== 'string') throw new VerdictError('chat completion has no choices[0].message.content')
  return parseLlamaGuardText(content)
}
