import { describe, expect, it } from 'vitest'
import type { CreditEntry, CreditStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

const HOUR = 3_600_000
const T0 = Date.parse('2025-06-01T00:00:00Z')

function credit(id: string, amountNanos: number, at = T0, accountId = 'acct-1'): CreditEntry {
  return { id, accountId, kind: 'credit', amountNanos, at, logId: null, note: 'top-up' }
}

function spend(logId: string, nanos: number, at = T0, accountId = 'acct-1'): CreditEntry {
  return { id: `spend:${logId}`, accountId, kind: 'spend', amountNanos: -nanos, at, logId, note: null }
}

export function creditStoreContract(name: string, make: StoreFactory<CreditStore>): void {
  describe(`CreditStore contract: ${name}`, () => {
    const store = useStore(make)
    it('F232 an account without a ledger has no balance and no entries', async () => {
      expect(await store().balance('acct-1')).toEqual({ nanos: 0, entries: 0 })
    })

    it('F231 credits and spends move the balance exactly, per account', async () => {
      await store().append([credit('c1', 5_000_000_000), spend('log-1', 1_234_567)])
      await store().append([spend('log-2', 1), credit('c2', 7, T0, 'acct-2')])
      expect(await store().balance('acct-1')).toEqual({ nanos: 5_000_000_000 - 1_234_568, entries: 3 })
      expect(await store().balance('acct-2')).toEqual({ nanos: 7, entries: 1 })
    })

    it('recording the same entry twice changes nothing', async () => {
      await store().append([credit('c1', 100), spend('log-1', 30)])
      await store().append([spend('log-1', 30), spend('log-1', 30)])
      expect(await store().balance('acct-1')).toEqual({ nanos: 70, entries: 2 })
    })

    it('refuses amounts that are not whole nano-dollars or times that are not whole ms, appending nothing', async () => {
      await expect(store().append([credit('c1', 100), credit('c2', 0.5)])).rejects.toThrow(/c2/)
      await expect(store().append([credit('c3', 100, T0 + 0.5)])).rejects.toThrow(/c3/)
      expect(await store().balance('acct-1')).toEqual({ nanos: 0, entries: 0 })
    })

    it('F302 sums spends per window, leaving out credits, other accounts and times outside the range', async () => {
      await store().append([
        credit('c1', 1_000_000),
        spend('a', 10, T0 + 5),
        spend('b', 20, T0 + HOUR - 1),
        spend('c', 40, T0 + 2 * HOUR + 7),
        spend('d', 80, T0 + 3 * HOUR),
        spend('e', 160, T0 + HOUR, 'acct-2'),
        spend('f', 320, T0 - 1),
      ])
      expect(await store().spendHistory('acct-1', { from: T0, to: T0 + 3 * HOUR, bucketMs: HOUR })).toEqual([
        { start: T0, nanos: 30 },
        { start: T0 + 2 * HOUR, nanos: 40 },
      ])
    })

    it('lists the ledger newest first with paging', async () => {
      await store().append([credit('c1', 100, T0), spend('l1', 5, T0 + 10), spend('l2', 6, T0 + 10)])
      const first = await store().list('acct-1', { page: 1, perPage: 2 })
      expect(first.items.map((e) => e.id)).toEqual(['spend:l2', 'spend:l1'])
      expect(first.total).toBe(3)
      expect((await store().list('acct-1', { page: 2, perPage: 2 })).items).toEqual([credit('c1', 100, T0)])
    })
  })
}
