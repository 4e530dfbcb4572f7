import { nanosToUsd } from '../billing/money.js'
import { GatewayError } from '../core/errors.js'
import type { SpendReservation } from '../core/stores.js'
import { retryAfterSeconds } from '../limits/rate-window.js'
import { parsePartition, type MatchedBudget } from './spend-rules.js'

type Refused = Extract<SpendReservation, { ok: false }>

/** When only holds of requests in flight are in the way, they usually settle (lower) within moments. */
export const HELD_RETRY_MS = 1000

/** At least cents, as many decimals as the amount needs up to micro-dollars (nano-dollars below that). */
export function formatUsd(nanos: number): string {
  const usd = nanosToUsd(nanos)
  const digits = usd !== 0 && Math.abs(usd) < 1e-6 ? 9 : 6
  return `$${usd.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`
}

function describePartition(partition: string): string {
  return Object.entries(parsePartition(partition))
    .map(([key, value]) => (value === null ? `no ${key}` : `${key}=${value}`))
    .join(', ')
}

function describeBudget(budget: MatchedBudget): string {
  const scope = budget.partition === '' ? '' : `, ${describePartition(budget.partition)}`
  return (
    `spend limit ${budget.ruleName} (${formatUsd(budget.limitNanos)} per ${budget.windowSeconds} s, ` +
    `${budget.window.technique} window${scope})`
  )
}

/**
 * F147: 429 `spend_limited` naming the rule, its window and what is used; `Retry-After` when the window will
 * free enough room, none when this request could never fit.
 */
export function refusal(
  budgets: readonly MatchedBudget[],
  refused: Refused,
  amountNanos: number,
  priced: boolean,
): GatewayError {
  const budget = budgets.find((candidate) => candidate.key === refused.key)
  const name = budget ? describeBudget(budget) : 'a spend limit'
  const used =
    `${formatUsd(refused.spentNanos)} spent` +
    (refused.reservedNanos > 0 ? `, ${formatUsd(refused.reservedNanos)} held by requests in flight` : '')
  const cost = priced ? `; this request may cost up to ${formatUsd(amountNanos)}` : ''
  if (refused.retryAfterMs === undefined) {
    const why =
      budget && budget.limitNanos === 0
        ? `${name} allows no spend`
        : `${name} is smaller than this request's worst-case cost of ${formatUsd(amountNanos)}; lower max_tokens`
    return new GatewayError('spend_limited', why)
  }
  const waitMs = refused.retryAfterMs === 0 ? HELD_RETRY_MS : refused.retryAfterMs
  const seconds = retryAfterSeconds(waitMs)
  return new GatewayError('spend_limited', `${name} is used up: ${used}${cost}; retry in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
  })
}
