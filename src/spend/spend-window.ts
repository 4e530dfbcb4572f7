import type { SpendHold, SpendReservation, SpendWindow } from '../core/stores.js'

/**
 * Window arithmetic of spend limits (F147, F233), shared by every ledger backend so they agree to the
 * millisecond. Spend is kept per bucket: a fixed window is one bucket aligned to the clock; a sliding
 * window is cut into {@link SLIDING_BUCKETS} buckets and counts every bucket that still overlaps the
 * trailing interval, so it is exact to within one bucket and never lets spend leave early.
 */
export const SLIDING_BUCKETS = 60

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS
/** The Unix epoch was a Thursday; weekly windows start on Monday 00:00 UTC, four days later. */
const MONDAY_OFFSET_MS = 4 * DAY_MS

export function checkWindow(window: SpendWindow): void {
  if (!Number.isSafeInteger(window.windowMs) || window.windowMs < 1) {
    throw new RangeError(`spend window must be a whole number of ms ≥ 1, got ${window.windowMs}`)
  }
}

/** What every ledger backend refuses before touching its state. */
export function checkHold(hold: SpendHold): void {
  if (!Number.isSafeInteger(hold.amountNanos) || hold.amountNanos < 0) {
    throw new RangeError(`spend hold ${hold.id}: amount must be a whole number of nanos ≥ 0`)
  }
  if (hold.budgets.length === 0) throw new RangeError(`spend hold ${hold.id}: no budgets`)
  const keys = new Set<string>()
  for (const budget of hold.budgets) {
    checkWindow(budget.window)
    if (!Number.isSafeInteger(budget.limitNanos) || budget.limitNanos < 0) {
      throw new RangeError(`spend budget ${budget.key}: limit must be a whole number of nanos ≥ 0`)
    }
    if (keys.has(budget.key)) throw new RangeError(`spend hold ${hold.id}: budget ${budget.key} twice`)
    keys.add(budget.key)
  }
}

export function checkActual(actualNanos: number): void {
  if (!Number.isSafeInteger(actualNanos) || actualNanos < 0) {
    throw new RangeError(`actual spend must be a whole number of nanos ≥ 0, got ${actualNanos}`)
  }
}

export function bucketMs(window: SpendWindow): number {
  return window.technique === 'fixed' ? window.windowMs : Math.ceil(window.windowMs / SLIDING_BUCKETS)
}

/**
 * Fixed windows align to the clock like the rate limit's (F170): a day runs midnight to midnight UTC, an
 * hour on the hour; windows of whole weeks start on Mondays rather than on the epoch's Thursday.
 */
function offset(window: SpendWindow): number {
  return window.technique === 'fixed' && window.windowMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0
}

/** Start of the bucket `at` falls in; a charge is kept in the bucket of its admission time. */
export function bucketStart(window: SpendWindow, at: number): number {
  const size = bucketMs(window)
  const shift = offset(window)
  return Math.floor((at - shift) / size) * size + shift
}

/** Starts of the first and last bucket that count at `at`, inclusive. */
export function countedRange(window: SpendWindow, at: number): { from: number; to: number } {
  const to = bucketStart(window, at)
  if (window.technique === 'fixed') return { from: to, to }
  return { from: bucketStart(window, at - window.windowMs), to }
}

/** The instant a bucket's spend stops counting: the fixed window's end, or when the trailing interval passed it. */
export function bucketLeavesAt(window: SpendWindow, start: number): number {
  return window.technique === 'fixed' ? start + window.windowMs : start + bucketMs(window) + window.windowMs
}

export interface BucketSpend {
  start: number
  spentNanos: number
}

export interface BudgetCheck {
  window: SpendWindow
  limitNanos: number
  amountNanos: number
  at: number
  /** Spend of the counted buckets (any order). */
  buckets: readonly BucketSpend[]
  /** Unexpired holds of the counted buckets. */
  reservedNanos: number
}

export interface BudgetVerdict {
  ok: boolean
  spentNanos: number
  reservedNanos: number
  /**
   * When refused: ms until enough spend leaves the window for this amount to fit, 0 when only holds of
   * requests in flight stand in the way, undefined when it can never fit (the amount alone exceeds the limit).
   */
  retryAfterMs: number | undefined
}

/**
 * Admits when spent + reserved + amount ≤ limit, and refuses once the budget is used up even for an amount
 * of 0 (an unpriced request), so a limit of 0 blocks every matching request.
 */
export function checkBudget(check: BudgetCheck): BudgetVerdict {
  const spentNanos = check.buckets.reduce((sum, bucket) => sum + bucket.spentNanos, 0)
  const { limitNanos, amountNanos, reservedNanos } = check
  const used = spentNanos + reservedNanos
  if (used < limitNanos && used + amountNanos <= limitNanos) {
    return { ok: true, spentNanos, reservedNanos, retryAfterMs: 0 }
  }
  return { ok: false, spentNanos, reservedNanos, retryAfterMs: retryAfter(check, spentNanos) }
}

function retryAfter(check: BudgetCheck, spentNanos: number): number | undefined {
  const { window, limitNanos, amountNanos, at } = check
  if (limitNanos <= 0 || amountNanos > limitNanos) return undefined
  // Integer nanos: "used < limit" is "used ≤ limit − 1".
  const mustLeave = spentNanos - (limitNanos - Math.max(amountNanos, 1))
  if (mustLeave <= 0) return 0
  const oldestFirst = [...check.buckets].sort((a, b) => a.start - b.start)
  let left = 0
  for (const bucket of oldestFirst) {
    left += bucket.spentNanos
    if (left >= mustLeave) return Math.max(1, bucketLeavesAt(window, bucket.start) - at)
  }
  return Math.max(1, bucketLeavesAt(window, countedRange(window, at).to) - at)
}

/**
 * The all-or-nothing admission every ledger backend shares: the first budget of the hold that would be
 * overdrawn, as the refusal to return, or undefined when every budget admits the amount.
 */
export function firstRefusal(
  hold: SpendHold,
  counted: (key: string, window: SpendWindow, at: number) => BucketSpend[],
  reserved: (key: string, window: SpendWindow, at: number) => number,
): SpendReservation | undefined {
  for (const budget of hold.budgets) {
    const verdict = checkBudget({
      window: budget.window,
      limitNanos: budget.limitNanos,
      amountNanos: hold.amountNanos,
      at: hold.at,
      buckets: counted(budget.key, budget.window, hold.at),
      reservedNanos: reserved(budget.key, budget.window, hold.at),
    })
    if (!verdict.ok) {
      const { spentNanos, reservedNanos, retryAfterMs } = verdict
      return { ok: false, key: budget.key, spentNanos, reservedNanos, retryAfterMs }
    }
  }
  return undefined
}
