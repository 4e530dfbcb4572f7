import { describe, expect, it } from 'vitest'
import type { SpendWindow } from '../core/stores.js'
import { bucketLeavesAt, bucketMs, bucketStart, checkBudget, countedRange } from './spend-window.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const NOON = Date.UTC(2025, 0, 1, 12)

const fixed = (windowMs: number): SpendWindow => ({ technique: 'fixed', windowMs })
const sliding = (windowMs: number): SpendWindow => ({ technique: 'sliding', windowMs })

describe('spend window math (F147, F233)', () => {
  it('F233 a daily fixed window runs midnight to midnight UTC', () => {
    const start = bucketStart(fixed(DAY), Date.UTC(2025, 0, 1, 17, 30))
    expect(start).toBe(Date.UTC(2025, 0, 1))
    expect(bucketLeavesAt(fixed(DAY), start)).toBe(Date.UTC(2025, 0, 2))
    expect(countedRange(fixed(DAY), NOON)).toEqual({ from: start, to: start })
  })

  it('F233 a weekly fixed window starts on Monday 00:00 UTC, whatever day the epoch was', () => {
    const week = fixed(7 * DAY)
    // 2025-01-01 is a Wednesday; its week began Monday 2024-12-30.
    expect(bucketStart(week, NOON)).toBe(Date.UTC(2024, 11, 30))
    expect(bucketStart(week, Date.UTC(2025, 0, 6))).toBe(Date.UTC(2025, 0, 6))
    expect(bucketStart(week, Date.UTC(2025, 0, 5, 23, 59))).toBe(Date.UTC(2024, 11, 30))
  })

  it('windows that are not whole weeks align to the epoch like the rate limit (F170)', () => {
    expect(bucketStart(fixed(10 * MINUTE), NOON + 9 * MINUTE)).toBe(NOON)
    expect(bucketStart(fixed(3 * DAY), NOON)).toBe(Math.floor(NOON / (3 * DAY)) * 3 * DAY)
  })

  it('sliding windows count sixty buckets plus the one the trailing edge falls in', () => {
    const window = sliding(HOUR)
    expect(bucketMs(window)).toBe(MINUTE)
    const at = NOON + 30 * MINUTE + 15_000
    expect(countedRange(window, at)).toEqual({ from: NOON - 30 * MINUTE, to: NOON + 30 * MINUTE })
    // The bucket of 11:30 holds spend of 11:30:00–11:30:59 and stops counting at 12:31.
    expect(bucketLeavesAt(window, NOON - 30 * MINUTE)).toBe(NOON + 31 * MINUTE)
  })

  it('a one-second sliding window has millisecond-sized buckets', () => {
    expect(bucketMs(sliding(1000))).toBe(17)
    expect(bucketMs(sliding(60_000))).toBe(1000)
  })
})

describe('checkBudget', () => {
  const base = { window: fixed(HOUR), at: NOON + 10 * MINUTE, reservedNanos: 0 }

  it('F147 admits up to the limit exactly, counting holds in flight', () => {
    const buckets = [{ start: NOON, spentNanos: 600 }]
    expect(checkBudget({ ...base, buckets, limitNanos: 1000, amountNanos: 400 }).ok).toBe(true)
    expect(checkBudget({ ...base, buckets, limitNanos: 1000, amountNanos: 401 }).ok).toBe(false)
    expect(checkBudget({ ...base, buckets, limitNanos: 1000, amountNanos: 300, reservedNanos: 101 })).toEqual(
      {
        ok: false,
        spentNanos: 600,
        reservedNanos: 101,
        retryAfterMs: 0,
      },
    )
  })

  it('refuses an unpriced request only once the budget is used up', () => {
    const check = (spentNanos: number) =>
      checkBudget({ ...base, buckets: [{ start: NOON, spentNanos }], limitNanos: 1000, amountNanos: 0 }).ok
    expect(check(999)).toBe(true)
    expect(check(1000)).toBe(false)
  })

  it('F147 fixed: Retry-After is the end of the window', () => {
    const verdict = checkBudget({
      ...base,
      buckets: [{ start: NOON, spentNanos: 900 }],
      limitNanos: 1000,
      amountNanos: 200,
    })
    expect(verdict.retryAfterMs).toBe(50 * MINUTE)
  })

  it('sliding: Retry-After is when enough of the oldest spend has left', () => {
    const window = sliding(HOUR)
    const at = NOON + 30 * MINUTE
    const buckets = [
      { start: NOON, spentNanos: 300 },
      { start: NOON - 20 * MINUTE, spentNanos: 500 },
      { start: NOON + 10 * MINUTE, spentNanos: 200 },
    ]
    // 1000 spent, 1000 limit, 400 wanted: the 11:40 bucket (500) must leave, at 12:41.
    const verdict = checkBudget({ window, at, buckets, limitNanos: 1000, amountNanos: 400, reservedNanos: 0 })
    expect(verdict).toEqual({ ok: false, spentNanos: 1000, reservedNanos: 0, retryAfterMs: 11 * MINUTE })
    // 700 wanted: 11:40 and 12:00 must both leave; 12:00's bucket leaves at 13:01.
    const more = checkBudget({ window, at, buckets, limitNanos: 1000, amountNanos: 700, reservedNanos: 0 })
    expect(more.retryAfterMs).toBe(31 * MINUTE)
    // 900 wanted: all of it must leave, the 12:10 bucket last, at 13:11.
    const all = checkBudget({ window, at, buckets, limitNanos: 1000, amountNanos: 900, reservedNanos: 0 })
    expect(all.retryAfterMs).toBe(41 * MINUTE)
  })

  it('never promises a retry to a request larger than the whole limit, or to a zero limit', () => {
    expect(
      checkBudget({ ...base, buckets: [], limitNanos: 1000, amountNanos: 1001 }).retryAfterMs,
    ).toBeUndefined()
    expect(checkBudget({ ...base, buckets: [], limitNanos: 0, amountNanos: 0 })).toMatchObject({
      ok: false,
      retryAfterMs: undefined,
    })
  })
})
