import { describe, expect, it } from 'vitest'
import { mergeStepHeaders, readStepControls } from './step-controls.js'

describe('per-step controls', () => {
  it('F111/F159/F341 cache TTL: 0 switches off, below 60 s is raised, above a month is capped', () => {
    expect(readStepControls({ 'cf-aig-cache-ttl': '0' }).cacheTtl).toBe(0)
    expect(readStepControls({ 'cf-aig-cache-ttl': '10' }).cacheTtl).toBe(60)
    expect(readStepControls({ 'cf-aig-cache-ttl': '3600' }).cacheTtl).toBe(3600)
    expect(readStepControls({ 'cf-aig-cache-ttl': '99999999' }).cacheTtl).toBe(2_592_000)
    expect(readStepControls({}).cacheTtl).toBeUndefined()
    expect(() => readStepControls({ 'cf-aig-cache-ttl': '1h' })).toThrowError(/cf-aig-cache-ttl/)
  })

  it('F114 deprecated cf-cache-ttl / cf-skip-cache still work; the current names win', () => {
    expect(readStepControls({ 'cf-cache-ttl': '120', 'cf-skip-cache': 'true' })).toMatchObject({
      cacheTtl: 120,
      skipCache: true,
    })
    expect(readStepControls({ 'cf-cache-ttl': '120', 'cf-aig-cache-ttl': '300' }).cacheTtl).toBe(300)
  })

  it('F119/F120/F121 retry headers are bounded and named when wrong', () => {
    expect(
      readStepControls({
        'cf-aig-max-attempts': '3',
        'cf-aig-retry-delay': '500',
        'cf-aig-backoff': 'Exponential',
      }),
    ).toMatchObject({
      maxAttempts: 3,
      retryDelayMs: 500,
      backoff: 'exponential',
    })
    expect(() => readStepControls({ 'cf-aig-max-attempts': '6' })).toThrowError(
      /cf-aig-max-attempts must be between 1 and 5/,
    )
    expect(() => readStepControls({ 'cf-aig-retry-delay': '5001' })).toThrowError(/cf-aig-retry-delay/)
    expect(() => readStepControls({ 'cf-aig-backoff': 'fibonacci' })).toThrowError(/cf-aig-backoff/)
  })

  it('F040 step headers override the outer request case-insensitively', () => {
    const merged = mergeStepHeaders(
      { 'cf-aig-cache-ttl': '3600', authorization: 'Bearer outer' },
      { 'CF-AIG-CACHE-TTL': '0' },
    )
    expect(readStepControls(merged).cacheTtl).toBe(0)
    expect(readStepControls({ 'cf-aig-cache-ttl': '3600' }).cacheTtl).toBe(3600)
    expect(merged.authorization).toBe('Bearer outer')
  })
})
