import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../core/gateway-settings.js'
import { readStepControls } from '../core/step-controls.js'
import { backoffDelayMs } from './backoff.js'
import {
  DEFAULT_RETRY_DELAY_MS,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  resolveRetryPolicy,
  retryWaitMs,
} from './retry-policy.js'

const gateway = (overrides: Partial<ReturnType<typeof defaultSettings>>) => ({
  ...defaultSettings('gw', '2025-01-01T00:00:00.000Z'),
  ...overrides,
})

describe('retry policy', () => {
  it('F180 backoff: constant d, linear d·n, exponential d·2^(n−1) for retry n', () => {
    const retries = [1, 2, 3, 4]
    expect(retries.map((n) => backoffDelayMs('constant', 300, n))).toEqual([300, 300, 300, 300])
    expect(retries.map((n) => backoffDelayMs('linear', 300, n))).toEqual([300, 600, 900, 1200])
    expect(retries.map((n) => backoffDelayMs('exponential', 300, n))).toEqual([300, 600, 1200, 2400])
  })

  it('F182 gateway Retry Requests settings apply when the request says nothing', () => {
    const policy = resolveRetryPolicy(
      readStepControls({}),
      gateway({ retry_max_attempts: 4, retry_delay: 500, retry_backoff: 'linear' }),
    )
    expect(policy).toEqual({ maxAttempts: 4, delayMs: 500, backoff: 'linear' })
  })

  it('F128 request headers win field by field over the gateway settings', () => {
    const controls = readStepControls({ 'cf-aig-max-attempts': '2', 'cf-aig-backoff': 'exponential' })
    const policy = resolveRetryPolicy(
      controls,
      gateway({ retry_max_attempts: 5, retry_delay: 1000, retry_backoff: 'linear' }),
    )
    expect(policy).toEqual({ maxAttempts: 2, delayMs: 1000, backoff: 'exponential' })
  })

  it('F119 without any setting there is one attempt; F120 delay defaults to the smallest dashboard option', () => {
    expect(resolveRetryPolicy(readStepControls({}), undefined)).toEqual({
      maxAttempts: 1,
      delayMs: DEFAULT_RETRY_DELAY_MS,
      backoff: 'constant',
    })
  })

  it('F178 clamps gateway values that bypassed validation (config file) to 5 attempts and 5 s', () => {
    const policy = resolveRetryPolicy(
      readStepControls({}),
      gateway({ retry_max_attempts: 9, retry_delay: 60_000 }),
    )
    expect(policy).toMatchObject({ maxAttempts: 5, delayMs: 5_000 })
  })

  it('F180 retries timeouts, rate limits and server errors only', () => {
    const retryable = [400, 401, 403, 404, 408, 409, 422, 429, 499, 500, 502, 503, 504, 599].filter(
      isRetryableStatus,
    )
    expect(retryable).toEqual([408, 429, 500, 502, 503, 504, 599])
  })

  it('waits out a longer Retry-After, keeps the backoff when it is shorter, and gives up past the cap', () => {
    const policy = { maxAttempts: 3, delayMs: 1_000, backoff: 'constant' as const }
    expect(retryWaitMs(policy, 1, undefined)).toBe(1_000)
    expect(retryWaitMs(policy, 1, 3_000)).toBe(3_000)
    expect(retryWaitMs(policy, 1, 200)).toBe(1_000)
    expect(retryWaitMs(policy, 1, MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS)
    expect(retryWaitMs(policy, 1, MAX_RETRY_AFTER_MS + 1)).toBeUndefined()
  })
})
