import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SpendBudget, SpendHold, SpendLedger, SpendWindow } from '../../core/stores.js'
import type { StoreFactory, StoreHandle } from './store-factory.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
/** 2025-01-01T12:00:00Z (a Wednesday): a boundary of every fixed window that divides a day. */
const NOON = Date.UTC(2025, 0, 1, 12, 0, 0)
const at = (minutes: number, ms = 0): number => NOON + minutes * MINUTE + ms

const fixedHour: SpendWindow = { technique: 'fixed', windowMs: HOUR }
const slidingTen: SpendWindow = { technique: 'sliding', windowMs: 10 * MINUTE }

const budget = (key: string, limitNanos: number, window: SpendWindow = fixedHour): SpendBudget => ({
  key,
  window,
  limitNanos,
})

let holds = 0
const hold = (budgets: SpendBudget[], amountNanos: number, when: number, ttlMs = 15 * MINUTE): SpendHold => ({
  id: `hold-${++holds}`,
  budgets,
  amountNanos,
  at: when,
  expiresAt: when + ttlMs,
})

export function spendLedgerContract(name: string, make: StoreFactory<SpendLedger>): void {
  describe(`SpendLedger contract: ${name}`, () => {
    let handle: StoreHandle<SpendLedger> | undefined
    const ledger = (): SpendLedger => {
      if (!handle) throw new Error('store not ready')
      return handle.store
    }
    /** Reserves and settles at once: `nanos` spent at `when`. */
    const spend = async (b: SpendBudget, nanos: number, when: number): Promise<void> => {
      const h = hold([b], 0, when)
      expect(await ledger().reserve(h)).toEqual({ ok: true })
      expect(await ledger().settle(h.id, nanos, when)).toBe(true)
    }

    beforeEach(async () => {
      handle = await make()
    })
    afterEach(async () => {
      await handle?.close()
      handle = undefined
    })

    it('F147 holds while spent + reserved + amount ≤ limit, then refuses without holding anything', async () => {
      const b = budget('k', 1000)
      expect(await ledger().reserve(hold([b], 600, at(1)))).toEqual({ ok: true })
      expect(await ledger().reserve(hold([b], 400, at(1)))).toEqual({ ok: true })
      const refused = await ledger().reserve(hold([b], 1, at(2)))
      expect(refused).toMatchObject({ ok: false, key: 'k', spentNanos: 0, reservedNanos: 1000 })
      expect(await ledger().totals('k', fixedHour, at(2))).toEqual({ spentNanos: 0, reservedNanos: 1000 })
    })

    it('F147 a request touching several budgets is held in all of them or in none', async () => {
      const roomy = budget('roomy', 10_000)
      const tight = budget('tight', 500)
      await spend(tight, 400, at(0))
      const refused = await ledger().reserve(hold([roomy, tight], 200, at(1)))
      expect(refused).toMatchObject({ ok: false, key: 'tight', spentNanos: 400 })
      expect(await ledger().totals('roomy', fixedHour, at(1))).toEqual({ spentNanos: 0, reservedNanos: 0 })
      expect(await ledger().reserve(hold([roomy, tight], 100, at(1)))).toEqual({ ok: true })
      expect(await ledger().totals('roomy', fixedHour, at(1))).toEqual({ spentNanos: 0, reservedNanos: 100 })
    })

    it('settling replaces the hold with the actual cost in every budget, once', async () => {
      const a = budget('a', 10_000)
      const b = budget('b', 10_000)
      const h = hold([a, b], 900, at(1))
      await ledger().reserve(h)
      expect(await ledger().settle(h.id, 250, at(2))).toBe(true)
      for (const key of ['a', 'b']) {
        expect(await ledger().totals(key, fixedHour, at(2))).toEqual({ spentNanos: 250, reservedNanos: 0 })
      }
      expect(await ledger().settle(h.id, 250, at(3))).toBe(false)
      expect(await ledger().totals('a', fixedHour, at(3))).toEqual({ spentNanos: 250, reservedNanos: 0 })
    })

    it('a release (settling 0) frees the hold and charges nothing', async () => {
      const b = budget('k', 1000)
      const h = hold([b], 1000, at(1))
      await ledger().reserve(h)
      expect((await ledger().reserve(hold([b], 1, at(1)))).ok).toBe(false)
      expect(await ledger().settle(h.id, 0, at(1))).toBe(true)
      expect(await ledger().totals('k', fixedHour, at(1))).toEqual({ spentNanos: 0, reservedNanos: 0 })
      expect(await ledger().reserve(hold([b], 1000, at(1)))).toEqual({ ok: true })
    })

    it('F147 concurrent reservations never hold more than the limit', async () => {
      const b = budget('k', 10_500)
      const results = await Promise.all(
        Array.from({ length: 100 }, () => ledger().reserve(hold([b], 1000, at(5)))),
      )
      expect(results.filter((result) => result.ok)).toHaveLength(10)
      expect(await ledger().totals('k', fixedHour, at(5))).toEqual({ spentNanos: 0, reservedNanos: 10_000 })
    })

    it('an unpriced request (amount 0) is admitted while the budget lasts and refused once it is used up', async () => {
      const b = budget('k', 1000)
      expect(await ledger().reserve(hold([b], 0, at(1)))).toEqual({ ok: true })
      await spend(b, 1000, at(2))
      expect(await ledger().reserve(hold([b], 0, at(3)))).toMatchObject({ ok: false, spentNanos: 1000 })
      expect((await ledger().reserve(hold([budget('zero', 0)], 0, at(3)))).ok).toBe(false)
    })

    it('F147 fixed windows are aligned to the clock and reset at the boundary', async () => {
      const b = budget('k', 1000)
      await spend(b, 1000, at(10))
      const refused = await ledger().reserve(hold([b], 1, at(30)))
      expect(refused).toMatchObject({ ok: false, retryAfterMs: 30 * MINUTE })
      expect((await ledger().reserve(hold([b], 1, at(59, 59_999)))).ok).toBe(false)
      expect(await ledger().reserve(hold([b], 1000, at(60)))).toEqual({ ok: true })
    })

    it('charges land in the window the request was admitted in, even when settled after it', async () => {
      const b = budget('k', 1000)
      const h = hold([b], 800, at(59))
      await ledger().reserve(h)
      expect(await ledger().settle(h.id, 700, at(61))).toBe(true)
      expect(await ledger().totals('k', fixedHour, at(61))).toEqual({ spentNanos: 0, reservedNanos: 0 })
      expect(await ledger().reserve(hold([b], 1000, at(61)))).toEqual({ ok: true })
    })

    it('F233 sliding: a charge ages out from its admission time, not its settlement', async () => {
      const b = budget('k', 1000, slidingTen)
      const h = hold([b], 800, at(5))
      await ledger().reserve(h)
      expect(await ledger().settle(h.id, 700, at(8))).toBe(true)
      expect(await ledger().totals('k', slidingTen, at(15, 9_999))).toEqual({
        spentNanos: 700,
        reservedNanos: 0,
      })
      expect(await ledger().totals('k', slidingTen, at(15, 10_000))).toEqual({
        spentNanos: 0,
        reservedNanos: 0,
      })
    })

    it('a hold admitted in the previous fixed window does not count in the next', async () => {
      const b = budget('k', 1000)
      await ledger().reserve(hold([b], 1000, at(59)))
      expect(await ledger().reserve(hold([b], 1000, at(60)))).toEqual({ ok: true })
    })

    it('F233 weekly fixed windows start on Monday 00:00 UTC', async () => {
      const week: SpendWindow = { technique: 'fixed', windowMs: 7 * 24 * HOUR }
      const b = budget('k', 1000, week)
      const sundayNight = Date.UTC(2025, 0, 5, 23, 0, 0)
      await spend(b, 1000, sundayNight)
      const refused = await ledger().reserve(hold([b], 1, sundayNight))
      expect(refused).toMatchObject({ ok: false, retryAfterMs: HOUR })
      expect(await ledger().reserve(hold([b], 1, Date.UTC(2025, 0, 6)))).toEqual({ ok: true })
    })

    it('F233 sliding: spend counts for the trailing window and leaves bucket by bucket', async () => {
      const b = budget('k', 1000, slidingTen)
      await spend(b, 600, at(0))
      await spend(b, 400, at(3))
      // Buckets are a sixtieth of the window (10 s): the 12:00 spend leaves at 12:10:10.
      const refused = await ledger().reserve(hold([b], 500, at(9)))
      expect(refused).toMatchObject({ ok: false, spentNanos: 1000, retryAfterMs: MINUTE + 10 * SECOND })
      expect((await ledger().reserve(hold([b], 500, at(10, 9_999)))).ok).toBe(false)
      expect(await ledger().reserve(hold([b], 500, at(10, 10_000)))).toEqual({ ok: true })
      expect(await ledger().totals('k', slidingTen, at(10, 10_000))).toEqual({
        spentNanos: 400,
        reservedNanos: 500,
      })
    })

    it('F233 sliding differs from fixed across a boundary', async () => {
      const fixedTen: SpendWindow = { technique: 'fixed', windowMs: 10 * MINUTE }
      await spend(budget('f', 1000, fixedTen), 1000, at(9))
      await spend(budget('s', 1000, slidingTen), 1000, at(9))
      expect((await ledger().reserve(hold([budget('f', 1000, fixedTen)], 1, at(11)))).ok).toBe(true)
      expect((await ledger().reserve(hold([budget('s', 1000, slidingTen)], 1, at(11)))).ok).toBe(false)
    })

    it('says when a request can never fit, and when only holds in flight are in the way', async () => {
      const b = budget('k', 1000)
      expect(await ledger().reserve(hold([b], 1001, at(1)))).toMatchObject({
        ok: false,
        retryAfterMs: undefined,
      })
      await ledger().reserve(hold([b], 900, at(1)))
      expect(await ledger().reserve(hold([b], 200, at(1)))).toMatchObject({
        ok: false,
        spentNanos: 0,
        reservedNanos: 900,
        retryAfterMs: 0,
      })
    })

    it('an unsettled hold stops counting when it expires and can still be settled afterwards', async () => {
      const b = budget('k', 1000)
      const crashed = hold([b], 1000, at(1), 5 * MINUTE)
      await ledger().reserve(crashed)
      expect((await ledger().reserve(hold([b], 1, at(5, 59_999)))).ok).toBe(false)
      expect(await ledger().totals('k', fixedHour, at(6))).toEqual({ spentNanos: 0, reservedNanos: 0 })
      const late = hold([b], 400, at(7))
      expect(await ledger().reserve(late)).toEqual({ ok: true })
      expect(await ledger().settle(crashed.id, 300, at(20))).toBe(true)
      expect(await ledger().totals('k', fixedHour, at(20))).toEqual({ spentNanos: 300, reservedNanos: 400 })
    })

    it('forgets expired holds once their window has passed', async () => {
      const b = budget('k', 1000)
      const crashed = hold([b], 1000, at(1), 5 * MINUTE)
      await ledger().reserve(crashed)
      // Any later call may purge; one two hours on certainly finds the hold both expired and out of its window.
      await ledger().reserve(hold([budget('other', 1000)], 1, at(180)))
      expect(await ledger().settle(crashed.id, 300, at(181))).toBe(false)
    })

    it('keeps budgets independent and raises apply to spend already counted', async () => {
      await spend(budget('a', 1000), 1000, at(1))
      expect((await ledger().reserve(hold([budget('a', 1000)], 1, at(2)))).ok).toBe(false)
      expect((await ledger().reserve(hold([budget('b', 1000)], 1, at(2)))).ok).toBe(true)
      expect((await ledger().reserve(hold([budget('a', 2000)], 1, at(2)))).ok).toBe(true)
    })

    it('lists the budgets under a prefix that count spend or holds now', async () => {
      const prefix = 'acct/gw/rule/fixed:3600/'
      await spend(budget(`${prefix}user_id=old`, 1000), 100, at(-30))
      await spend(budget(`${prefix}user_id=a`, 1000), 100, at(1))
      await ledger().reserve(hold([budget(`${prefix}user_id=b`, 1000)], 250, at(2)))
      await spend(budget('acct/gw/rule2/fixed:3600/*', 1000), 100, at(1))
      expect(await ledger().list(prefix, fixedHour, at(3), 10)).toEqual([
        { key: `${prefix}user_id=a`, spentNanos: 100, reservedNanos: 0 },
        { key: `${prefix}user_id=b`, spentNanos: 0, reservedNanos: 250 },
      ])
      expect(await ledger().list(prefix, fixedHour, at(3), 1)).toHaveLength(1)
      expect(await ledger().list('acct/gw/none/', fixedHour, at(3), 10)).toEqual([])
    })

    it('rejects malformed holds and amounts', async () => {
      const b = budget('k', 1000)
      await expect(ledger().reserve(hold([b], -1, at(1)))).rejects.toThrow(/amount/)
      await expect(ledger().reserve(hold([b], 0.5, at(1)))).rejects.toThrow(/amount/)
      await expect(ledger().reserve(hold([], 1, at(1)))).rejects.toThrow(/budgets/)
      await expect(ledger().reserve(hold([b, b], 1, at(1)))).rejects.toThrow(/twice/)
      await expect(
        ledger().reserve(hold([budget('k', 1000, { technique: 'fixed', windowMs: 0 })], 1, at(1))),
      ).rejects.toThrow(/window/)
      const h = hold([b], 1, at(1))
      await ledger().reserve(h)
      await expect(ledger().reserve(h)).rejects.toThrow(/already exists/)
      await expect(ledger().settle(h.id, -5, at(1))).rejects.toThrow(/actual/)
    })
  })
}
