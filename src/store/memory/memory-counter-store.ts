import type { CounterStore, RateDecision, RateTechnique, RateWindow } from '../../core/stores.js'
import { FixedWindowCounter } from '../../limits/fixed-window.js'
import { SlidingWindowLog } from '../../limits/sliding-window.js'

interface Slot {
  technique: RateTechnique
  counter: FixedWindowCounter | SlidingWindowLog
}

/** How often (by the callers' clock) idle counters are swept, so keys that stopped seeing traffic free memory. */
const SWEEP_EVERY_MS = 60_000

/**
 * In-process counters: one Map lookup and a little arithmetic per request (the embedded default; a process
 * cluster needs the shared Redis backend). Changing a gateway's technique starts its count afresh.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly slots = new Map<string, Slot>()
  private nextSweepAt = Number.NEGATIVE_INFINITY

  async hit(key: string, window: RateWindow, at: number): Promise<RateDecision> {
    return this.hitNow(key, window, at)
  }

  /** Synchronous core of `hit`, for callers in the same process. */
  hitNow(key: string, window: RateWindow, at: number): RateDecision {
    if (!Number.isInteger(window.limit) || window.limit < 1) {
      throw new RangeError(`rate window limit must be a whole number ≥ 1, got ${window.limit}`)
    }
    if (!(window.intervalMs > 0) || !Number.isFinite(window.intervalMs)) {
      throw new RangeError(`rate window interval must be a positive number of ms, got ${window.intervalMs}`)
    }
    if (at >= this.nextSweepAt) this.sweep(at)
    let slot = this.slots.get(key)
    if (slot === undefined || slot.technique !== window.technique) {
      slot = { technique: window.technique, counter: newCounter(window.technique) }
      this.slots.set(key, slot)
    }
    return slot.counter.hit(window, at)
  }

  /** Keys currently holding state (tests; metrics). */
  get size(): number {
    return this.slots.size
  }

  private sweep(at: number): void {
    this.nextSweepAt = at + SWEEP_EVERY_MS
    for (const [key, slot] of this.slots) if (slot.counter.expiresAt() <= at) this.slots.delete(key)
  }
}

function newCounter(technique: RateTechnique): FixedWindowCounter | SlidingWindowLog {
  return technique === 'sliding' ? new SlidingWindowLog() : new FixedWindowCounter()
}
