import type { SpendHold, SpendLedger, SpendReservation, SpendTotals, SpendWindow } from '../../core/stores.js'
import {
  bucketLeavesAt,
  bucketStart,
  checkActual,
  firstRefusal,
  checkHold,
  countedRange,
  type BucketSpend,
} from '../../spend/spend-window.js'

interface Bucket {
  spentNanos: number
  purgeAfter: number
}

interface HoldEntry {
  key: string
  start: number
  purgeAfter: number
}

interface Hold {
  amountNanos: number
  expiresAt: number
  entries: HoldEntry[]
}

/** How often (by the callers' clock) buckets and holds that no longer count are dropped. */
const PURGE_EVERY_MS = 60_000

/**
 * The spend ledger in process memory: each call runs to completion without awaiting, so check-and-hold is
 * atomic on Node's single thread. Forgets everything on restart (the embedded mode uses SQLite).
 */
export class MemorySpendLedger implements SpendLedger {
  private readonly buckets = new Map<string, Map<number, Bucket>>()
  private readonly holds = new Map<string, Hold>()
  /** budget key → hold id → the hold's bucket in that budget. */
  private readonly holdsByKey = new Map<string, Map<string, number>>()
  private nextPurgeAt = Number.NEGATIVE_INFINITY

  async reserve(hold: SpendHold): Promise<SpendReservation> {
    checkHold(hold)
    if (this.holds.has(hold.id)) throw new Error(`spend hold ${hold.id} already exists`)
    this.purge(hold.at)
    const refusal = firstRefusal(
      hold,
      (key, window, at) => this.counted(key, window, at),
      (key, window, at) => this.reserved(key, window, at),
    )
    if (refusal) return refusal
    const entries = hold.budgets.map((budget) => {
      const start = bucketStart(budget.window, hold.at)
      return { key: budget.key, start, purgeAfter: bucketLeavesAt(budget.window, start) }
    })
    this.holds.set(hold.id, { amountNanos: hold.amountNanos, expiresAt: hold.expiresAt, entries })
    for (const entry of entries) {
      let byId = this.holdsByKey.get(entry.key)
      if (!byId) this.holdsByKey.set(entry.key, (byId = new Map()))
      byId.set(hold.id, entry.start)
    }
    return { ok: true }
  }

  async settle(holdId: string, actualNanos: number, at: number): Promise<boolean> {
    checkActual(actualNanos)
    const hold = this.holds.get(holdId)
    if (!hold) return false
    this.forget(holdId, hold)
    if (actualNanos > 0) for (const entry of hold.entries) this.charge(entry, actualNanos)
    this.purge(at)
    return true
  }

  async totals(key: string, window: SpendWindow, at: number): Promise<SpendTotals> {
    const spentNanos = this.counted(key, window, at).reduce((sum, bucket) => sum + bucket.spentNanos, 0)
    return { spentNanos, reservedNanos: this.reserved(key, window, at) }
  }

  async list(
    prefix: string,
    window: SpendWindow,
    at: number,
    limit: number,
  ): Promise<Array<SpendTotals & { key: string }>> {
    const keys = new Set<string>()
    for (const key of [...this.buckets.keys(), ...this.holdsByKey.keys()]) {
      if (key.startsWith(prefix)) keys.add(key)
    }
    const out: Array<SpendTotals & { key: string }> = []
    for (const key of [...keys].sort()) {
      const totals = await this.totals(key, window, at)
      if (totals.spentNanos > 0 || totals.reservedNanos > 0) out.push({ key, ...totals })
      if (out.length === limit) break
    }
    return out
  }

  private counted(key: string, window: SpendWindow, at: number): BucketSpend[] {
    const byStart = this.buckets.get(key)
    if (!byStart) return []
    const { from, to } = countedRange(window, at)
    const out: BucketSpend[] = []
    for (const [start, bucket] of byStart) {
      if (start >= from && start <= to) out.push({ start, spentNanos: bucket.spentNanos })
    }
    return out
  }

  private reserved(key: string, window: SpendWindow, at: number): number {
    const byId = this.holdsByKey.get(key)
    if (!byId) return 0
    const { from, to } = countedRange(window, at)
    let sum = 0
    for (const [id, start] of byId) {
      const hold = this.holds.get(id)
      if (hold && hold.expiresAt > at && start >= from && start <= to) sum += hold.amountNanos
    }
    return sum
  }

  private charge(entry: HoldEntry, nanos: number): void {
    let byStart = this.buckets.get(entry.key)
    if (!byStart) this.buckets.set(entry.key, (byStart = new Map()))
    const bucket = byStart.get(entry.start)
    if (bucket) {
      bucket.spentNanos += nanos
      bucket.purgeAfter = Math.max(bucket.purgeAfter, entry.purgeAfter)
    } else byStart.set(entry.start, { spentNanos: nanos, purgeAfter: entry.purgeAfter })
  }

  private forget(holdId: string, hold: Hold): void {
    this.holds.delete(holdId)
    for (const entry of hold.entries) {
      const byId = this.holdsByKey.get(entry.key)
      byId?.delete(holdId)
      if (byId?.size === 0) this.holdsByKey.delete(entry.key)
    }
  }

  /** Drops what can no longer count: spent buckets that left their window, expired holds whose window passed. */
  private purge(at: number): void {
    if (at < this.nextPurgeAt) return
    this.nextPurgeAt = at + PURGE_EVERY_MS
    for (const [key, byStart] of this.buckets) {
      for (const [start, bucket] of byStart) if (bucket.purgeAfter < at) byStart.delete(start)
      if (byStart.size === 0) this.buckets.delete(key)
    }
    for (const [id, hold] of this.holds) {
      if (hold.expiresAt < at && hold.entries.every((entry) => entry.purgeAfter < at)) this.forget(id, hold)
    }
  }
}
