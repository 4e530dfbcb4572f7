import type { RateDecision, RateWindow } from '../core/stores.js'

const INITIAL_CAPACITY = 8

/**
 * F170 sliding window, exact: at most `limit` allowed requests in the trailing interval (at − interval, at].
 * Keeps the time of every allowed request still inside the interval, run-length encoded per millisecond in a
 * ring buffer, so memory is bounded by min(limit, distinct milliseconds in the interval) and a hit costs O(1)
 * amortised (pruning pops from the head). Rejected requests are not recorded and so never extend a block.
 */
export class SlidingWindowLog {
  private times = new Float64Array(INITIAL_CAPACITY)
  private counts = new Uint32Array(INITIAL_CAPACITY)
  private head = 0
  private size = 0
  /** Allowed requests currently recorded. */
  private total = 0
  private newest = Number.NEGATIVE_INFINITY
  private intervalMs = 0

  hit(window: RateWindow, at: number): RateDecision {
    this.intervalMs = window.intervalMs
    // A clock that stepped back records at the newest known time, keeping the log sorted.
    const now = Math.max(at, this.newest)
    this.prune(now - window.intervalMs)
    if (this.total < window.limit) {
      this.record(now)
      return { allowed: true, remaining: window.limit - this.total, retryAfterMs: 0 }
    }
    return { allowed: false, remaining: 0, retryAfterMs: this.retryAfter(window, now) }
  }

  /** After this instant every recorded request has left the interval. */
  expiresAt(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : this.newest + this.intervalMs
  }

  /** Drops requests at or before `boundary`: they are outside (at − interval, at]. */
  private prune(boundary: number): void {
    const capacity = this.times.length
    while (this.size > 0 && this.times[this.head]! <= boundary) {
      this.total -= this.counts[this.head]!
      this.head = (this.head + 1) % capacity
      this.size -= 1
    }
  }

  private record(now: number): void {
    if (this.size > 0 && now === this.newest) {
      const tail = (this.head + this.size - 1) % this.times.length
      this.counts[tail] = this.counts[tail]! + 1
    } else {
      if (this.size === this.times.length) this.grow()
      const tail = (this.head + this.size) % this.times.length
      this.times[tail] = now
      this.counts[tail] = 1
      this.size += 1
      this.newest = now
    }
    this.total += 1
  }

  /** Time until enough of the oldest requests leave the interval for one more to fit. */
  private retryAfter(window: RateWindow, now: number): number {
    let mustLeave = this.total - window.limit + 1
    const capacity = this.times.length
    for (let i = 0; i < this.size; i += 1) {
      const index = (this.head + i) % capacity
      mustLeave -= this.counts[index]!
      if (mustLeave <= 0) return Math.max(1, this.times[index]! + window.intervalMs - now)
    }
    return window.intervalMs
  }

  private grow(): void {
    const capacity = this.times.length
    const times = new Float64Array(capacity * 2)
    const counts = new Uint32Array(capacity * 2)
    for (let i = 0; i < this.size; i += 1) {
      const index = (this.head + i) % capacity
      times[i] = this.times[index]!
      counts[i] = this.counts[index]!
    }
    this.times = times
    this.counts = counts
    this.head = 0
  }
}
