import { describe, expect, it } from 'vitest'
import { parseRetryAfterMs } from './retry-after.js'

const now = Date.UTC(2025, 0, 1, 12, 0, 0)

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs({ 'retry-after': '7' }, now)).toBe(7_000)
  })

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 12:00:30 GMT' }, now)).toBe(30_000)
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 11:59:00 GMT' }, now)).toBe(0)
  })

  it('prefers retry-after-ms (OpenAI, Azure) for sub-second precision', () => {
    expect(parseRetryAfterMs({ 'retry-after-ms': '250.5', 'retry-after': '1' }, now)).toBe(251)
  })

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfterMs({}, now)).toBeUndefined()
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined()
    expect(parseRetryAfterMs({ 'retry-after': '-3' }, now)).toBeUndefined()
    expect(parseRetryAfterMs({ 'retry-after-ms': 'x', 'retry-after': '2' }, now)).toBe(2_000)
  })
})
