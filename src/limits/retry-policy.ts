import type { GatewaySettings } from '../core/gateway-settings.js'
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, type Backoff, type StepControls } from '../core/step-controls.js'
import { backoffDelayMs } from './backoff.js'

export interface RetryPolicy {
  /** Total tries, 1 = no retry. */
  maxAttempts: number
  delayMs: number
  backoff: Backoff
}

/** The smallest delay the dashboard offers (F100); used when retries are on but no delay was given. */
export const DEFAULT_RETRY_DELAY_MS = 100

/**
 * An upstream `Retry-After` longer than this is not waited out: the upstream's response goes back to the
 * client, which sees the header itself, instead of the request being held open (decision 0005).
 */
export const MAX_RETRY_AFTER_MS = 60_000

/**
 * F182, F128: each field from the step/request controls, else the gateway's Retry Requests setting, else off.
 * Gateway values are clamped as the headers are (F119, F120): config-file gateways bypass the admin schema.
 */
export function resolveRetryPolicy(
  controls: StepControls,
  settings: GatewaySettings | undefined,
): RetryPolicy {
  const attempts = controls.maxAttempts ?? settings?.retry_max_attempts ?? 1
  const delay = controls.retryDelayMs ?? settings?.retry_delay ?? DEFAULT_RETRY_DELAY_MS
  return {
    maxAttempts: clamp(Math.trunc(attempts), 1, MAX_ATTEMPTS),
    delayMs: clamp(delay, 0, MAX_RETRY_DELAY_MS),
    backoff: controls.backoff ?? settings?.retry_backoff ?? 'constant',
  }
}

/** F180 (design): request timeouts (408), rate limits (429) and server errors (5xx) may succeed on a retry. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599)
}

/**
 * Wait before retry `retry` (1-based): the backoff delay, stretched to the upstream's Retry-After when that is
 * longer; undefined when the upstream asks for more than MAX_RETRY_AFTER_MS, meaning "do not retry".
 */
export function retryWaitMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
): number | undefined {
  const computed = backoffDelayMs(policy.backoff, policy.delayMs, retry)
  if (retryAfterMs === undefined) return computed
  if (retryAfterMs > MAX_RETRY_AFTER_MS) return undefined
  return Math.max(computed, retryAfterMs)
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
