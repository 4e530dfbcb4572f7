import type { CategoryActions, Direction } from './categories.js'
import { chunkText } from './chunk-text.js'
import {
  evaluateChunk,
  type Evaluation,
  type EvaluatorCredential,
  type EvaluatorOptions,
} from './evaluator.js'
import { decide, decideUnavailable, type Decision } from './policy.js'

export const UNAVAILABLE = 'the guardrails evaluator was unavailable'

export interface CheckLimits {
  /** F208: longest piece sent in one evaluation. */
  chunkChars: number
  /** Evaluations of one text in flight at once. */
  concurrency: number
  /** Pieces evaluated per text at most; beyond that the rest counts as unevaluated (F207). */
  maxChunks: number
}

export interface TextCheck {
  direction: Direction
  actions: CategoryActions
  text: string
  /** Response checks: the prompt, as context for the evaluator. */
  context?: string
  credential: EvaluatorCredential | undefined
  signal: AbortSignal
}

export interface CheckResult {
  decision: Decision
  /** One per evaluator call, in text order, for the evaluation log entries (F211). */
  evaluations: Evaluation[]
}

/**
 * Checks one text against one direction's categories: split into pieces (F208), evaluated a few at a time,
 * every piece's verdict counted (F204), the availability rule applied to pieces that could not be (F207).
 * Once a piece has matched a BLOCK category, pieces not yet started are skipped: the outcome is settled.
 */
export async function checkText(
  evaluator: EvaluatorOptions,
  limits: CheckLimits,
  check: TextCheck,
): Promise<CheckResult> {
  if (check.text.trim() === '') return { decision: { action: null, matches: [] }, evaluations: [] }
  const pieces = chunkText(check.text, limits.chunkChars)
  const evaluated = pieces.slice(0, limits.maxChunks)
  const results: Array<Evaluation | undefined> = new Array(evaluated.length)
  let next = 0
  let blocked = false
  const worker = async (): Promise<void> => {
    while (!blocked && next < evaluated.length) {
      const index = next++
      const evaluation = await evaluateChunk(evaluator, {
        direction: check.direction,
        text: evaluated[index]!,
        context: check.context,
        promptInjection: check.actions.P1 !== undefined && evaluator.target.format === 'template',
        credential: check.credential,
        signal: check.signal,
      })
      results[index] = evaluation
      if (evaluation.verdict && decide(check.actions, [evaluation.verdict]).action === 'BLOCK') blocked = true
    }
  }
  await Promise.all(Array.from({ length: Math.min(limits.concurrency, evaluated.length) }, worker))

  const evaluations = results.filter((result): result is Evaluation => result !== undefined)
  const verdicts = evaluations.flatMap((evaluation) => (evaluation.verdict ? [evaluation.verdict] : []))
  const decision = decide(check.actions, verdicts)
  if (decision.action === 'BLOCK') return { decision, evaluations }
  // The failure itself (host, status, timeout) is on the evaluation's own log entry, not in what the client sees.
  if (evaluations.some((evaluation) => evaluation.error !== undefined)) {
    return { decision: decideUnavailable(check.actions, verdicts, UNAVAILABLE), evaluations }
  }
  if (pieces.length > evaluated.length) {
    const reason = `content exceeds ${limits.maxChunks} evaluations of ${limits.chunkChars} characters`
    return { decision: decideUnavailable(check.actions, verdicts, reason), evaluations }
  }
  return { decision, evaluations }
}
