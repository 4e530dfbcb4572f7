import { describe, expect, it } from 'vitest'
import { cacheStoreContract, ManualClock } from '../contract/cache-store.contract.js'
import { cacheEntrySize, MemoryCacheStore } from './memory-cache-store.js'

cacheStoreContract('memory', async ({ clock, maxBytes }) => ({
  store: new MemoryCacheStore({ clock, maxBytes }),
  close: async () => {},
}))

describe('MemoryCacheStore', () => {
  const entry = (bytes: number) => ({ status: 200, headers: {}, body: Buffer.alloc(bytes), tags: ['t'] })

  it('counts exactly the bytes it holds through expiry sweeps, eviction and tag deletes', async () => {
    const clock = new ManualClock()
    const store = new MemoryCacheStore({ clock, maxBytes: 10_000 })
    await store.set('a', entry(3000), 60)
    await store.set('b', entry(3000), 600)
    await store.set('c', entry(3000), 600)
    expect(store.usage).toEqual({ entries: 3, bytes: 3 * cacheEntrySize('a', entry(3000)) })
    clock.advance(61_000)
    // The periodic sweep on this write drops the expired 'a' even though nobody read it.
    await store.set('d', entry(10), 600)
    expect(store.usage).toEqual({
      entries: 3,
      bytes: 2 * cacheEntrySize('b', entry(3000)) + cacheEntrySize('d', entry(10)),
    })
    expect(await store.deleteByTag('t')).toBe(3)
    expect(store.usage).toEqual({ entries: 0, bytes: 0 })
  })
})
