import type { RateDecision, RateWindow } from '../core/stores.js'

/**
 * F170: fixed windows are aligned to clock time (epoch multiples of the interval), so a 10-minute window runs
 * 12:00–12:10, 12:10–12:20… whatever time the first request came.
 */
export function fixedWindowStart(at: number, intervalMs: number): number {
  return Math.floor(at / intervalMs) * intervalMs
}

/** At most `limit` requests per aligned window; rejected requests do not count. */
export class FixedWindowCounter {
  private windowStart = Number.NEGATIVE_INFINITY
  private windowEnd = Number.NEGATIVE_INFINITY
  private count = 0

  hit(window: RateWindow, at: number): RateDecision {
    const start = fixedWindowStart(at, window.intervalMs)
    // `>`: a clock that stepped back keeps the current window instead of granting a fresh one.
    if (start > this.windowStart) {
      this.windowStart = start
      this.count = 0
    }
    this.windowEnd = this.windowStart + window.intervalMs
    return this.decide(window, at)
  }

  private decide(window: RateWindow, at: number): RateDecision {
    if (this.count < window.limit) {
      this.count += 1
      return { allowed: true, remaining: window.limit - this.count, retryAfterMs: 0 }
    }
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, this.windowEnd - at) }
  }

  /** After this instant the counter holds nothing a fresh one would not. */
  expiresAt(): number {
    return this.windowEnd
  }
}
