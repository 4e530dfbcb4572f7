import { describe, expect, it } from 'vitest'
import { counterStoreContract } from '../contract/counter-store.contract.js'
import { MemoryCounterStore } from './memory-counter-store.js'

counterStoreContract('memory', async () => ({ store: new MemoryCounterStore(), close: async () => {} }))

describe('MemoryCounterStore', () => {
  const window = { technique: 'sliding', intervalMs: 1_000, limit: 3 } as const

  it('frees counters whose requests all left their interval', () => {
    const store = new MemoryCounterStore()
    for (let i = 0; i < 50; i += 1) store.hitNow(`user-${i}`, window, 0)
    expect(store.size).toBe(50)
    store.hitNow('late', window, 120_000)
    expect(store.size).toBe(1)
  })

  it('starts a key afresh when its technique changes', () => {
    const store = new MemoryCounterStore()
    for (let i = 0; i < 3; i += 1) store.hitNow('k', window, 10)
    expect(store.hitNow('k', window, 10).allowed).toBe(false)
    expect(store.hitNow('k', { ...window, technique: 'fixed' }, 10)).toEqual({
      allowed: true,
      remaining: 2,
      retryAfterMs: 0,
    })
  })
})
