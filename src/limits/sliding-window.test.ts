import { describe, expect, it } from 'vitest'
import { SlidingWindowLog } from './sliding-window.js'

const MINUTE = 60_000
const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2025, 0, 1, hh, mm, ss)
const window = { technique: 'sliding', intervalMs: 10 * MINUTE, limit: 10 } as const

function burst(log: SlidingWindowLog, when: number, n: number): boolean[] {
  return Array.from({ length: n }, () => log.hit(window, when).allowed)
}

describe('SlidingWindowLog', () => {
  it('F170 worked example: after 10 at 12:09 the whole 12:11 batch is rejected', () => {
    const log = new SlidingWindowLog()
    expect(burst(log, at(12, 9), 10)).toEqual(Array(10).fill(true))
    expect(burst(log, at(12, 11), 10)).toEqual(Array(10).fill(false))
    expect(log.hit(window, at(12, 11)).retryAfterMs).toBe(8 * MINUTE)
  })

  it('F170 the trailing interval is (at − interval, at]: a request exactly one interval old no longer counts', () => {
    const log = new SlidingWindowLog()
    burst(log, at(12, 9), 10)
    expect(log.hit(window, at(12, 18, 59)).allowed).toBe(false)
    expect(log.hit(window, at(12, 19)).allowed).toBe(true)
  })

  it('frees capacity request by request as old ones age out, spread over many milliseconds', () => {
    const log = new SlidingWindowLog()
    // One request per second from 12:00:00: the ring buffer grows past its initial capacity.
    const big = { ...window, limit: 100 }
    for (let s = 0; s < 100; s += 1) expect(log.hit(big, at(12, 0, s)).allowed).toBe(true)
    expect(log.hit(big, at(12, 5)).allowed).toBe(false)
    expect(log.hit(big, at(12, 10)).allowed).toBe(true) // 12:00:00 left
    expect(log.hit(big, at(12, 10)).allowed).toBe(false)
    expect(log.hit(big, at(12, 10)).retryAfterMs).toBe(1_000) // 12:00:01 leaves at 12:10:01
  })

  it('reports how many requests are left in the trailing interval', () => {
    const log = new SlidingWindowLog()
    expect(log.hit(window, at(12, 0)).remaining).toBe(9)
    expect(log.hit(window, at(12, 1)).remaining).toBe(8)
    expect(log.hit(window, at(12, 10, 30)).remaining).toBe(8) // 12:00 left, 12:01 still in
  })

  it('expires one interval after its newest request', () => {
    const log = new SlidingWindowLog()
    expect(log.expiresAt()).toBe(Number.NEGATIVE_INFINITY)
    log.hit(window, at(12, 0))
    log.hit(window, at(12, 4))
    expect(log.expiresAt()).toBe(at(12, 14))
  })
})
