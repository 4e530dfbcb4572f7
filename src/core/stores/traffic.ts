/** Stores behind the attempt pipeline's traffic controls: response cache, request counters, spend ledger. */
/** A cached upstream response, replayed byte for byte on a hit (F154–F168). */
export interface CacheEntry {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
  /** Invalidation handles: `provider:<slug>`, `gateway:<account>/<id>` (F095, F166). */
  tags: string[]
}

export interface CacheStore {
  /** Undefined when absent or expired (expiry follows the store's clock). */
  get(key: string): Promise<CacheEntry | undefined>
  /** Replaces any entry under `key`; a TTL ≤ 0 or an entry too large for the store only removes the old one. */
  set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void>
  delete(key: string): Promise<boolean>
  /** Removes every entry carrying `tag` and returns how many went. */
  deleteByTag(tag: string): Promise<number>
}

/** F170: `fixed` = clock-aligned windows; `sliding` = the trailing interval. */
export type RateTechnique = 'fixed' | 'sliding'

export interface RateWindow {
  technique: RateTechnique
  intervalMs: number
  /** Requests allowed per interval, ≥ 1. */
  limit: number
}

export interface RateDecision {
  allowed: boolean
  /** Requests still allowed in the current window after this one. */
  remaining: number
  /** When rejected: ms until a request would be allowed again; 0 when allowed. */
  retryAfterMs: number
}

/**
 * Request counters for rate limits (F169–F176). One call checks and records, so a shared backend (Redis) can
 * do it atomically in one round trip; rejected hits are not counted.
 */
export interface CounterStore {
  hit(key: string, window: RateWindow, at: number): Promise<RateDecision>
}

/** A spend-limit window (F147, F233): `fixed` = clock-aligned, `sliding` = the trailing interval. */
export interface SpendWindow {
  technique: RateTechnique
  windowMs: number
}

/** One budget: a spend-limit rule, or one partition of it (e.g. one `user_id`), in whole nano-dollars. */
export interface SpendBudget {
  key: string
  window: SpendWindow
  /** ≥ 0; a limit of 0 refuses every request the budget applies to. */
  limitNanos: number
}

/** A request's worst-case cost, held in every budget it touches until it is settled or expires. */
export interface SpendHold {
  /** Unique per request step. */
  id: string
  budgets: SpendBudget[]
  /** ≥ 0; 0 for a request whose price is unknown: admitted while the budget lasts, charged when settled. */
  amountNanos: number
  at: number
  /** After this instant an unsettled hold stops counting: a crashed process never settles its holds. */
  expiresAt: number
}

export interface SpendTotals {
  spentNanos: number
  /** Unexpired holds of requests in flight. */
  reservedNanos: number
}

export type SpendReservation =
  | { ok: true }
  | {
      ok: false
      /** The first budget without room; nothing was held in any budget. */
      key: string
      spentNanos: number
      reservedNanos: number
      /** ms until enough spend leaves the window; 0: only holds are in the way; undefined: never fits. */
      retryAfterMs: number | undefined
    }

/**
 * The spend-limit ledger (F147, F233). `reserve` checks and holds in one atomic step across all the
 * budgets of a request (a Lua script on Redis, one transaction on Postgres/SQLite), so concurrent requests
 * cannot overshoot a limit by more than what they under-reserved. Charges land in the windows of the
 * hold's admission time.
 */
export interface SpendLedger {
  /** Holds `amountNanos` in every budget when each has spent + reserved + amount ≤ limit; otherwise holds nothing. */
  reserve(hold: SpendHold): Promise<SpendReservation>
  /** Replaces the hold with the actual cost (0 releases it); false when the hold is unknown (settled or purged). */
  settle(holdId: string, actualNanos: number, at: number): Promise<boolean>
  totals(key: string, window: SpendWindow, at: number): Promise<SpendTotals>
  /** Budgets whose key starts with `prefix` and that count spend or holds at `at`, by key, at most `limit`. */
  list(
    prefix: string,
    window: SpendWindow,
    at: number,
    limit: number,
  ): Promise<Array<SpendTotals & { key: string }>>
}
