import type { Action, GatewaySettings } from '../../core/gateway-settings.js'
import type { CategoryActions, Direction } from './categories.js'
import type { Verdict } from './parse-verdict.js'

/** A configured category the evaluator found, with the action the gateway set for it. */
export interface Match {
  category: string
  action: Action
}

/**
 * The outcome for one direction of one request. `action` is the strongest action among the matches: BLOCK
 * wins over FLAG; `null` means nothing configured was found (a pass, still logged: F211).
 */
export interface Decision {
  action: Action | null
  matches: Match[]
  /** Set when some text could not be evaluated and the availability rule (F207) decided instead. */
  unevaluated?: string
}

/** The categories configured for one direction; empty when guardrails are off or that direction has none. */
export function actionsFor(gateway: GatewaySettings | undefined, direction: Direction): CategoryActions {
  const guardrails = gateway?.guardrails
  if (!guardrails) return {}
  return guardrails[direction] ?? {}
}

export function isActive(actions: CategoryActions): boolean {
  return Object.values(actions).some((action) => action === 'FLAG' || action === 'BLOCK')
}

/** Whether any configured category would block: the one question the availability rule asks (F148, F207). */
export function blocksAnything(actions: CategoryActions): boolean {
  return Object.values(actions).includes('BLOCK')
}

/** F201, F204: unconfigured categories are ignored; every chunk's verdict counts. */
export function decide(actions: CategoryActions, verdicts: readonly Verdict[]): Decision {
  const found = new Set(verdicts.flatMap((verdict) => (verdict.safe ? [] : verdict.categories)))
  const matches: Match[] = []
  for (const category of found) {
    const action = actions[category as keyof CategoryActions]
    if (action) matches.push({ category, action })
  }
  return { action: strongest(matches), matches }
}

/**
 * F207: when (part of) the text could not be evaluated, a direction with any BLOCK category fails closed and
 * a FLAG-only direction proceeds unevaluated; what was evaluated still counts.
 */
export function decideUnavailable(
  actions: CategoryActions,
  verdicts: readonly Verdict[],
  reason: string,
): Decision {
  const evaluated = decide(actions, verdicts)
  const action = blocksAnything(actions) ? 'BLOCK' : evaluated.action
  return { action, matches: evaluated.matches, unevaluated: reason }
}

function strongest(matches: readonly Match[]): Action | null {
  if (matches.some((match) => match.action === 'BLOCK')) return 'BLOCK'
  return matches.length > 0 ? 'FLAG' : null
}
