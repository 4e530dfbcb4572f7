import { createHash } from 'node:crypto'
import { usdToNanos } from '../billing/money.js'
import type { Clock } from '../core/clock.js'
import type { CounterStore, SpendLedger } from '../core/stores.js'
import { describeWindow } from '../limits/rate-window.js'
import type { RequestRecord } from '../pipeline/record.js'
import type { LimitNode } from '../routing/graph.js'
import type { LimitDecision } from '../routing/run.js'
import type { ConditionDocument } from './condition.js'
import type { ModelSpec } from './compile-route.js'

/** Where a limit's counters live: one per (gateway, route, element, key value), so redeploying keeps the count. */
export interface LimitScope {
  accountId: string
  gatewayId: string
  routeId: string
  logId: string
}

export interface RouteLimitsOptions {
  counters: CounterStore
  spend: SpendLedger
  clock: Clock
  /** The request's cost in USD from its `request:end` record, computed the way the credit ledger does it. */
  costOf(record: RequestRecord): number
}

/** A budget hold outlives any request; an unsettled one of amount 0 never blocks anything anyway. */
const HOLD_MS = 24 * 3_600_000
/** Settling waits for `request:end`; requests that never end are forgotten after the hold expired. */
const SWEEP_EVERY_MS = 60_000
const MAX_KEY_VALUE = 128

/**
 * F193 rate and budget limits of dynamic routes, keyed by a request field (F173: e.g. `metadata.user_id`).
 * A count limit counts the request in the `CounterStore` when it passes the element. A cost limit cannot know
 * the request's price yet: it admits the request while the key's budget in the spend ledger still has room
 * (a hold of 0), and when the request ends its actual cost settles that hold, so the spend lands in the
 * window the request was admitted in. Requests in flight are not counted against a budget; a burst of
 * concurrent requests may overshoot it by what they cost together.
 */
export class RouteLimits {
  private readonly pending = new Map<string, { holds: string[]; until: number }>()
  private nextSweepAt = Number.NEGATIVE_INFINITY

  constructor(private readonly options: RouteLimitsOptions) {}

  async decide(
    scope: LimitScope,
    node: LimitNode<ModelSpec>,
    document: ConditionDocument,
  ): Promise<LimitDecision> {
    const value = keyValue(document, node.key)
    const key = `route:${scope.accountId}:${scope.gatewayId}:${scope.routeId}:${node.id}:${value}`
    const shown = `${node.key} ${value.length > 40 ? `${value.slice(0, 37)}…` : value}`
    const now = this.options.clock.now()
    const intervalMs = node.intervalSeconds * 1000
    if (node.limitType === 'count') {
      const window = { technique: node.technique, intervalMs, limit: node.limit }
      const decision = await this.options.counters.hit(key, window, now)
      return {
        allowed: decision.allowed,
        retryAfterMs: decision.retryAfterMs,
        detail: `${describeWindow(window)} for ${shown}`,
      }
    }
    const hold = `route:${scope.logId}:${node.id}`
    const reservation = await this.options.spend.reserve({
      id: hold,
      budgets: [
        {
          key,
          window: { technique: node.technique, windowMs: intervalMs },
          limitNanos: Math.max(1, usdToNanos(node.limit)),
        },
      ],
      amountNanos: 0,
      at: now,
      expiresAt: now + HOLD_MS,
    })
    const detail = `USD ${node.limit} per ${node.intervalSeconds} s (${node.technique} window) for ${shown}`
    if (!reservation.ok)
      return { allowed: false, retryAfterMs: reservation.retryAfterMs ?? intervalMs, detail }
    this.remember(scope.logId, hold, now)
    return { allowed: true, retryAfterMs: 0, detail }
  }

  /** `request:end` subscriber: the request's cost settles the budget holds it took on its way through the route. */
  readonly accept = (record: RequestRecord): void => {
    const entry = this.pending.get(record.logId)
    if (!entry) return
    this.pending.delete(record.logId)
    let nanos = 0
    try {
      nanos = Math.max(0, usdToNanos(this.options.costOf(record)))
    } catch (error) {
      console.error(`aigw: could not price request ${record.logId} for its route budget`, error)
    }
    const at = record.startedAt + record.durationMs
    for (const hold of entry.holds) {
      this.options.spend.settle(hold, nanos, at).catch((error: unknown) => {
        console.error(`aigw: settling route budget hold ${hold} failed`, error)
      })
    }
  }

  private remember(logId: string, hold: string, now: number): void {
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + SWEEP_EVERY_MS
      for (const [id, entry] of this.pending) if (entry.until <= now) this.pending.delete(id)
    }
    const entry = this.pending.get(logId)
    if (entry) entry.holds.push(hold)
    else this.pending.set(logId, { holds: [hold], until: now + HOLD_MS })
  }
}

/**
 * The counter key's request part: a scalar as text, anything else as JSON; long values are hashed so a
 * large body field cannot bloat the counter keys. Requests without the field share one counter, so leaving
 * the field out never escapes the limit.
 */
export function keyValue(document: ConditionDocument, path: string): string {
  const [root, ...rest] = path.split('.')
  let value: unknown = document[root as keyof ConditionDocument]
  const segments = root === 'headers' ? [rest.join('.').toLowerCase()] : rest
  for (const segment of segments) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined
  }
  if (Array.isArray(value) && root === 'headers') value = value[0]
  if (value === undefined || value === null) return '-'
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length <= MAX_KEY_VALUE ? text : `sha256:${createHash('sha256').update(text).digest('hex')}`
}
