import type { CreditBalance, CreditEntry, CreditStore, Page } from '../../core/stores.js'
import { checkPage } from '../paging.js'

export class MemoryCreditStore implements CreditStore {
  private readonly entries: CreditEntry[] = []
  private readonly ids = new Set<string>()
  private readonly balances = new Map<string, CreditBalance>()

  async append(entries: CreditEntry[]): Promise<void> {
    for (const entry of entries) {
      if (!Number.isSafeInteger(entry.amountNanos)) {
        throw new Error(`Credit entry ${entry.id}: amountNanos must be a safe integer`)
      }
      if (!Number.isSafeInteger(entry.at))
        throw new Error(`Credit entry ${entry.id}: at must be whole Unix ms`)
    }
    for (const entry of entries) {
      if (this.ids.has(entry.id)) continue
      this.ids.add(entry.id)
      this.entries.push({ ...entry })
      const current = this.balances.get(entry.accountId) ?? { nanos: 0, entries: 0 }
      this.balances.set(entry.accountId, {
        nanos: current.nanos + entry.amountNanos,
        entries: current.entries + 1,
      })
    }
  }

  async balance(accountId: string): Promise<CreditBalance> {
    return { ...(this.balances.get(accountId) ?? { nanos: 0, entries: 0 }) }
  }

  async spendHistory(
    accountId: string,
    range: { from: number; to: number; bucketMs: number },
  ): Promise<Array<{ start: number; nanos: number }>> {
    const buckets = new Map<number, number>()
    for (const entry of this.entries) {
      if (entry.accountId !== accountId || entry.kind !== 'spend') continue
      if (entry.at < range.from || entry.at >= range.to) continue
      const start = range.from + Math.floor((entry.at - range.from) / range.bucketMs) * range.bucketMs
      buckets.set(start, (buckets.get(start) ?? 0) - entry.amountNanos)
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([start, nanos]) => ({ start, nanos }))
  }

  async list(accountId: string, paging: { page: number; perPage: number }): Promise<Page<CreditEntry>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    const mine = this.entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.accountId === accountId)
      .sort((a, b) => b.entry.at - a.entry.at || b.index - a.index)
      .map(({ entry }) => ({ ...entry }))
    return { items: mine.slice(offset, offset + perPage), total: mine.length }
  }
}
