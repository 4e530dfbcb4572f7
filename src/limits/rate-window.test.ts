import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../core/gateway-settings.js'
import { describeWindow, gatewayRateWindow, retryAfterSeconds } from './rate-window.js'

const settings = (overrides: Partial<ReturnType<typeof defaultSettings>>) => ({
  ...defaultSettings('gw', '2025-01-01T00:00:00.000Z'),
  ...overrides,
})

describe('gateway rate window', () => {
  it('F097 is off when limit or interval is 0 or null', () => {
    expect(gatewayRateWindow(undefined)).toBeUndefined()
    expect(gatewayRateWindow(settings({}))).toBeUndefined()
    expect(gatewayRateWindow(settings({ rate_limiting_limit: 5, rate_limiting_interval: 0 }))).toBeUndefined()
    expect(
      gatewayRateWindow(settings({ rate_limiting_limit: null, rate_limiting_interval: 60 })),
    ).toBeUndefined()
  })

  it('F097 reads the interval in seconds and defaults the technique to fixed', () => {
    const window = gatewayRateWindow(
      settings({ rate_limiting_limit: 5, rate_limiting_interval: 60, rate_limiting_technique: null }),
    )
    expect(window).toEqual({ technique: 'fixed', intervalMs: 60_000, limit: 5 })
    expect(describeWindow(window!)).toBe('5 requests per 60 s (fixed window)')
  })

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect([1, 999, 1_000, 1_001, 59_500].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 60])
  })
})
