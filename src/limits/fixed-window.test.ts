import { describe, expect, it } from 'vitest'
import { FixedWindowCounter, fixedWindowStart } from './fixed-window.js'

const MINUTE = 60_000
const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2025, 0, 1, hh, mm, ss)
const window = { technique: 'fixed', intervalMs: 10 * MINUTE, limit: 10 } as const

function burst(counter: FixedWindowCounter, when: number, n: number): boolean[] {
  return Array.from({ length: n }, () => counter.hit(window, when).allowed)
}

describe('FixedWindowCounter', () => {
  it('F170 windows run 12:00–12:10, 12:10–12:20 whatever time the first request came', () => {
    expect(fixedWindowStart(at(12, 9, 59), window.intervalMs)).toBe(at(12, 0))
    expect(fixedWindowStart(at(12, 10), window.intervalMs)).toBe(at(12, 10))
    expect(fixedWindowStart(at(12, 11), window.intervalMs)).toBe(at(12, 10))
  })

  it('F170 worked example: 10 requests at 12:09 and 10 at 12:11 all succeed', () => {
    const counter = new FixedWindowCounter()
    expect(burst(counter, at(12, 9), 10)).toEqual(Array(10).fill(true))
    expect(burst(counter, at(12, 11), 10)).toEqual(Array(10).fill(true))
  })

  it('F170 the 11th request in a window is refused until the window ends', () => {
    const counter = new FixedWindowCounter()
    burst(counter, at(12, 9), 10)
    expect(counter.hit(window, at(12, 9, 30))).toEqual({ allowed: false, remaining: 0, retryAfterMs: 30_000 })
    expect(counter.expiresAt()).toBe(at(12, 10))
  })

  it('keeps counting in the current window when the clock steps back', () => {
    const counter = new FixedWindowCounter()
    burst(counter, at(12, 12), 10)
    const stepped = counter.hit(window, at(12, 8))
    expect(stepped.allowed).toBe(false)
    expect(stepped.retryAfterMs).toBe(12 * MINUTE)
  })
})
