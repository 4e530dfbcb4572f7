import { decodeTime } from 'ulid'
import { describe, expect, it } from 'vitest'
import { createIdFactory } from './ids.js'

describe('ULID factory (F131)', () => {
  it('produces 26-character Crockford base32 ids that encode the time', () => {
    const next = createIdFactory()
    const at = Date.UTC(2026, 10, 22, 4, 0, 0)
    const id = next(at)
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(decodeTime(id)).toBe(at)
  })

  it('is strictly increasing within one millisecond and across clock steps back', () => {
    const next = createIdFactory()
    const ids = [next(1000), next(1000), next(1000), next(999), next(1001)]
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('does not repeat over many ids', () => {
    const next = createIdFactory()
    const seen = new Set<string>()
    for (let i = 0; i < 20_000; i++) seen.add(next(5_000 + (i % 7)))
    expect(seen.size).toBe(20_000)
  })
})
