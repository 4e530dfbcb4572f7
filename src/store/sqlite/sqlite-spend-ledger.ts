import type Database from 'better-sqlite3'
import type {
  SpendBudget,
  SpendHold,
  SpendLedger,
  SpendReservation,
  SpendTotals,
  SpendWindow,
} from '../../core/stores.js'
import {
  bucketLeavesAt,
  bucketStart,
  checkActual,
  firstRefusal,
  checkHold,
  countedRange,
  type BucketSpend,
} from '../../spend/spend-window.js'

interface HoldRow {
  hold_id: string
  budget_key: string
  bucket_start: number
  amount_nanos: number
  expires_at: number
  purge_after: number
}

interface RangeParams {
  key: string
  from: number
  to: number
}

/** How often (by the callers' clock) buckets and holds that no longer count are deleted. */
const PURGE_EVERY_MS = 60_000

/**
 * The spend ledger in the embedded database, so spend survives restarts. Every call is one synchronous
 * IMMEDIATE transaction: better-sqlite3 never yields inside it and the write lock keeps other processes on
 * the same file out, so check-and-hold is atomic. Holds of a crashed process are never settled: they stop
 * counting at their `expires_at` and are deleted once their window passed too.
 */
export class SqliteSpendLedger implements SpendLedger {
  private readonly selectBuckets: Database.Statement<[RangeParams], { start: number; spent: number }>
  private readonly sumHolds: Database.Statement<[RangeParams & { at: number }], { n: number }>
  private readonly insertHold: Database.Statement<[HoldRow]>
  private readonly selectHold: Database.Statement<[string], HoldRow>
  private readonly deleteHold: Database.Statement<[string]>
  private readonly addSpend: Database.Statement<
    [{ key: string; start: number; nanos: number; purge: number }]
  >
  private readonly selectKeys: Database.Statement<
    [{ lo: string; hi: string; from: number; to: number; at: number; limit: number }],
    { key: string }
  >
  private readonly purgeBuckets: Database.Statement<[number]>
  private readonly purgeHolds: Database.Statement<[{ at: number }]>
  private readonly reserveNow: (hold: SpendHold) => SpendReservation
  private readonly settleNow: (holdId: string, actualNanos: number, at: number) => boolean
  private nextPurgeAt = Number.NEGATIVE_INFINITY

  constructor(db: Database.Database) {
    this.selectBuckets = db.prepare(
      `SELECT bucket_start AS start, spent_nanos AS spent FROM spend_buckets
       WHERE budget_key = @key AND bucket_start BETWEEN @from AND @to`,
    )
    this.sumHolds = db.prepare(
      `SELECT coalesce(sum(amount_nanos), 0) AS n FROM spend_holds
       WHERE budget_key = @key AND bucket_start BETWEEN @from AND @to AND expires_at > @at`,
    )
    this.insertHold = db.prepare(
      `INSERT INTO spend_holds (hold_id, budget_key, bucket_start, amount_nanos, expires_at, purge_after)
       VALUES (@hold_id, @budget_key, @bucket_start, @amount_nanos, @expires_at, @purge_after)`,
    )
    this.selectHold = db.prepare('SELECT * FROM spend_holds WHERE hold_id = ?')
    this.deleteHold = db.prepare('DELETE FROM spend_holds WHERE hold_id = ?')
    this.addSpend = db.prepare(
      `INSERT INTO spend_buckets (budget_key, bucket_start, spent_nanos, purge_after)
       VALUES (@key, @start, @nanos, @purge)
       ON CONFLICT (budget_key, bucket_start) DO UPDATE SET
         spent_nanos = spent_nanos + excluded.spent_nanos,
         purge_after = max(purge_after, excluded.purge_after)`,
    )
    this.selectKeys = db.prepare(
      `SELECT budget_key AS key FROM spend_buckets
       WHERE budget_key >= @lo AND budget_key < @hi AND bucket_start BETWEEN @from AND @to AND spent_nanos > 0
       UNION
       SELECT budget_key FROM spend_holds
       WHERE budget_key >= @lo AND budget_key < @hi AND bucket_start BETWEEN @from AND @to AND expires_at > @at
       ORDER BY key LIMIT @limit`,
    )
    this.purgeBuckets = db.prepare('DELETE FROM spend_buckets WHERE purge_after < ?')
    this.purgeHolds = db.prepare('DELETE FROM spend_holds WHERE expires_at < @at AND purge_after < @at')
    const reserve = db.transaction((hold: SpendHold) => this.reserveInTransaction(hold))
    const settle = db.transaction((holdId: string, actualNanos: number, at: number) =>
      this.settleInTransaction(holdId, actualNanos, at),
    )
    this.reserveNow = (hold) => reserve.immediate(hold)
    this.settleNow = (holdId, actualNanos, at) => settle.immediate(holdId, actualNanos, at)
  }

  async reserve(hold: SpendHold): Promise<SpendReservation> {
    checkHold(hold)
    return this.reserveNow(hold)
  }

  async settle(holdId: string, actualNanos: number, at: number): Promise<boolean> {
    checkActual(actualNanos)
    return this.settleNow(holdId, actualNanos, at)
  }

  async totals(key: string, window: SpendWindow, at: number): Promise<SpendTotals> {
    return this.totalsNow(key, window, at)
  }

  async list(
    prefix: string,
    window: SpendWindow,
    at: number,
    limit: number,
  ): Promise<Array<SpendTotals & { key: string }>> {
    const { from, to } = countedRange(window, at)
    // Keys are ASCII (URL-encoded parts), so every key with the prefix sorts below prefix + U+FFFF.
    const keys = this.selectKeys.all({ lo: prefix, hi: `${prefix}\uffff`, from, to, at, limit })
    return keys.map(({ key }) => ({ key, ...this.totalsNow(key, window, at) }))
  }

  private totalsNow(key: string, window: SpendWindow, at: number): SpendTotals {
    const spentNanos = this.counted(key, window, at).reduce((sum, bucket) => sum + bucket.spentNanos, 0)
    return { spentNanos, reservedNanos: this.reserved(key, window, at) }
  }

  private reserveInTransaction(hold: SpendHold): SpendReservation {
    if (this.selectHold.get(hold.id)) throw new Error(`spend hold ${hold.id} already exists`)
    this.purge(hold.at)
    const refusal = firstRefusal(
      hold,
      (key, window, at) => this.counted(key, window, at),
      (key, window, at) => this.reserved(key, window, at),
    )
    if (refusal) return refusal
    for (const budget of hold.budgets) this.insertHold.run(holdRow(hold, budget))
    return { ok: true }
  }

  private settleInTransaction(holdId: string, actualNanos: number, at: number): boolean {
    const rows = this.selectHold.all(holdId)
    if (rows.length === 0) return false
    this.deleteHold.run(holdId)
    if (actualNanos > 0) {
      for (const row of rows) {
        this.addSpend.run({
          key: row.budget_key,
          start: row.bucket_start,
          nanos: actualNanos,
          purge: row.purge_after,
        })
      }
    }
    this.purge(at)
    return true
  }

  private counted(key: string, window: SpendWindow, at: number): BucketSpend[] {
    const { from, to } = countedRange(window, at)
    return this.selectBuckets
      .all({ key, from, to })
      .map((row) => ({ start: row.start, spentNanos: row.spent }))
  }

  private reserved(key: string, window: SpendWindow, at: number): number {
    const { from, to } = countedRange(window, at)
    return this.sumHolds.get({ key, from, to, at })?.n ?? 0
  }

  private purge(at: number): void {
    if (at < this.nextPurgeAt) return
    this.nextPurgeAt = at + PURGE_EVERY_MS
    this.purgeBuckets.run(at)
    this.purgeHolds.run({ at })
  }
}

function holdRow(hold: SpendHold, budget: SpendBudget): HoldRow {
  const start = bucketStart(budget.window, hold.at)
  return {
    hold_id: hold.id,
    budget_key: budget.key,
    bucket_start: start,
    amount_nanos: hold.amountNanos,
    expires_at: hold.expiresAt,
    purge_after: bucketLeavesAt(budget.window, start),
  }
}
