import type { Action, GuardrailCategory } from '../../core/gateway-settings.js'

/**
 * F203: the hazard taxonomy of Llama Guard 3 (names exactly as Meta's prompt lists them) plus `P1`, which
 * Cloudflare's gateway settings carry next to S1–S13 without documenting it. aigw reads P1 as prompt injection
 * (an attempt to override the application's instructions) and asks template-format evaluators for it as a
 * custom category (docs/decisions, guardrails record). S14 exists in the model but not in the settings shape,
 * so a verdict naming it is recorded and never acted on.
 */
export type HazardCode = GuardrailCategory | 'S14'

export const LLAMA_GUARD_3_CATEGORIES: ReadonlyArray<{ code: HazardCode; name: string }> = [
  { code: 'S1', name: 'Violent Crimes' },
  { code: 'S2', name: 'Non-Violent Crimes' },
  { code: 'S3', name: 'Sex Crimes' },
  { code: 'S4', name: 'Child Exploitation' },
  { code: 'S5', name: 'Defamation' },
  { code: 'S6', name: 'Specialized Advice' },
  { code: 'S7', name: 'Privacy' },
  { code: 'S8', name: 'Intellectual Property' },
  { code: 'S9', name: 'Indiscriminate Weapons' },
  { code: 'S10', name: 'Hate' },
  { code: 'S11', name: 'Self-Harm' },
  { code: 'S12', name: 'Sexual Content' },
  { code: 'S13', name: 'Elections' },
  { code: 'S14', name: 'Code Interpreter Abuse' },
]

export const PROMPT_INJECTION = { code: 'P1', name: 'Prompt Injection' } as const

/** Which of the two directions a check guards (F204). */
export type Direction = 'prompt' | 'response'

/** One direction's configuration: a category absent from the map is ignored (F201). */
export type CategoryActions = Partial<Record<GuardrailCategory, Action>>

const HAZARD = /^(?:S(?:[1-9]|1[0-4])|P1)$/

export function isHazardCode(value: string): value is HazardCode {
  return HAZARD.test(value)
}

export function categoryName(code: string): string {
  if (code === PROMPT_INJECTION.code) return PROMPT_INJECTION.name
  return LLAMA_GUARD_3_CATEGORIES.find((category) => category.code === code)?.name ?? code
}
