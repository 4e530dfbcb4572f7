import { describe, expect, it } from 'vitest'
import type { CounterStore, RateDecision, RateWindow } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

const MINUTE = 60_000
/** 2025-01-01T12:00:00Z: a window boundary for every interval that divides an hour. */
const NOON = Date.UTC(2025, 0, 1, 12, 0, 0)
const at = (minutes: number, ms = 0): number => NOON + minutes * MINUTE + ms

const fixed: RateWindow = { technique: 'fixed', intervalMs: 10 * MINUTE, limit: 10 }
const sliding: RateWindow = { technique: 'sliding', intervalMs: 10 * MINUTE, limit: 10 }

export function counterStoreContract(name: string, make: StoreFactory<CounterStore>): void {
  describe(`CounterStore contract: ${name}`, () => {
    const store = useStore(make)
    const burst = async (
      key: string,
      window: RateWindow,
      when: number,
      n: number,
    ): Promise<RateDecision[]> => {
      const out: RateDecision[] = []
      for (let i = 0; i < n; i += 1) out.push(await store().hit(key, window, when))
      return out
    }
    const allowedCount = (decisions: RateDecision[]): number => decisions.filter((d) => d.allowed).length

    it('F170 fixed: 10 requests at 12:09 and 10 at 12:11 all succeed (different aligned windows)', async () => {
      expect(allowedCount(await burst('k', fixed, at(9), 10))).toBe(10)
      expect(allowedCount(await burst('k', fixed, at(11), 10))).toBe(10)
    })

    it('F170 sliding: the 12:11 batch is rejected because 10 happened in the previous 10 minutes', async () => {
      expect(allowedCount(await burst('k', sliding, at(9), 10))).toBe(10)
      const late = await burst('k', sliding, at(11), 10)
      expect(allowedCount(late)).toBe(0)
      // The 12:09 requests leave the trailing interval at 12:19.
      expect(late[0]!.retryAfterMs).toBe(8 * MINUTE)
    })

    it('F170 fixed windows are aligned to the clock, not to the first request', async () => {
      const first = await burst('k', fixed, at(5), 11)
      expect(first.map((d) => d.remaining).slice(0, 3)).toEqual([9, 8, 7])
      expect(first[10]).toEqual({ allowed: false, remaining: 0, retryAfterMs: 5 * MINUTE })
      expect((await store().hit('k', fixed, at(9, 59_999))).allowed).toBe(false)
      expect(await store().hit('k', fixed, at(10))).toEqual({ allowed: true, remaining: 9, retryAfterMs: 0 })
    })

    it('F170 sliding admits again exactly when the oldest request leaves the trailing interval', async () => {
      await burst('k', sliding, at(0), 5)
      await burst('k', sliding, at(3), 5)
      expect((await store().hit('k', sliding, at(9, 59_999))).retryAfterMs).toBe(1)
      const freed = await burst('k', sliding, at(10), 6)
      expect(allowedCount(freed)).toBe(5)
      expect(freed[5]!.retryAfterMs).toBe(3 * MINUTE)
    })

    it('does not count rejected requests', async () => {
      await burst('k', sliding, at(0), 10)
      expect(allowedCount(await burst('k', sliding, at(5), 50))).toBe(0)
      // Had the rejections counted, 12:05's would still block at 12:10.
      expect(allowedCount(await burst('k', sliding, at(10), 10))).toBe(10)
    })

    it('keeps keys independent', async () => {
      await burst('a', fixed, at(1), 10)
      expect((await store().hit('a', fixed, at(1))).allowed).toBe(false)
      expect(await store().hit('b', fixed, at(1))).toEqual({ allowed: true, remaining: 9, retryAfterMs: 0 })
    })

    it('applies a lowered limit to requests already counted', async () => {
      await burst('k', sliding, at(0), 6)
      await burst('k', sliding, at(1), 4)
      const lowered = { ...sliding, limit: 5 }
      const decision = await store().hit('k', lowered, at(2))
      // 10 recorded, limit 5: six must leave, the 12:00 batch (six) leaves at 12:10.
      expect(decision).toEqual({ allowed: false, remaining: 0, retryAfterMs: 8 * MINUTE })
    })

    it('rejects a window that could never admit anything', async () => {
      await expect(store().hit('k', { ...fixed, limit: 0 }, at(0))).rejects.toThrow(/limit/)
      await expect(store().hit('k', { ...fixed, intervalMs: 0 }, at(0))).rejects.toThrow(/interval/)
    })
  })
}
