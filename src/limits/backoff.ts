import type { Backoff } from '../core/step-controls.js'

/**
 * F180 (design): the wait before retry n (n = 1 for the first retry) is `d` (constant), `d·n` (linear) or
 * `d·2^(n−1)` (exponential).
 */
export function backoffDelayMs(backoff: Backoff, baseDelayMs: number, retry: number): number {
  if (backoff === 'linear') return baseDelayMs * retry
  if (backoff === 'exponential') return baseDelayMs * 2 ** (retry - 1)
  return baseDelayMs
}
