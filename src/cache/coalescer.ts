/**
 * Identical concurrent misses share one upstream call (beyond Cloudflare, whose cache can miss twice,
 * F165): the first request for a key leads, later ones follow and wait for what the leader settles.
 */
export type Claim<T> =
  | { role: 'leader'; settle(value: T | undefined): void }
  | { role: 'follower'; result: Promise<T | undefined> }

export class Coalescer<T> {
  private readonly inflight = new Map<string, Promise<T | undefined>>()

  /** Number of keys with a leader still at work. */
  get size(): number {
    return this.inflight.size
  }

  /** The leader must call `settle` exactly once (later calls are ignored); `undefined` means "no shared result". */
  claim(key: string): Claim<T> {
    const pending = this.inflight.get(key)
    if (pending) return { role: 'follower', result: pending }
    let resolve!: (value: T | undefined) => void
    const result = new Promise<T | undefined>((r) => {
      resolve = r
    })
    this.inflight.set(key, result)
    let settled = false
    return {
      role: 'leader',
      settle: (value) => {
        if (settled) return
        settled = true
        if (this.inflight.get(key) === result) this.inflight.delete(key)
        resolve(value)
      },
    }
  }

  /**
   * Forgets a leader that outlived a follower's wait (its response never finished, or is never read), so
   * later requests lead anew instead of each waiting out the bound. A no-op once a newer leader took the key.
   */
  release(key: string, result: Promise<T | undefined>): void {
    if (this.inflight.get(key) === result) this.inflight.delete(key)
  }
}

/** Waits for a leader's result, giving up (with `undefined`) after `ms` or when `signal` aborts. */
export function waitBounded<T>(
  result: Promise<T | undefined>,
  ms: number,
  signal: AbortSignal,
): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const finish = (value: T | undefined): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      resolve(value)
    }
    const onAbort = (): void => finish(undefined)
    const timer = setTimeout(() => finish(undefined), ms)
    timer.unref?.()
    signal.addEventListener('abort', onAbort, { once: true })
    result.then(finish, () => finish(undefined))
  })
}
