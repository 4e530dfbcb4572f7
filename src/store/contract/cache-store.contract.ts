import { afterEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../core/clock.js'
import type { CacheEntry, CacheStore } from '../../core/stores.js'
import type { StoreHandle } from './store-factory.js'

/** A clock the test moves by hand, so expiry is asserted without waiting. */
export class ManualClock implements Clock {
  constructor(private at = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.at
  }
  advance(ms: number): void {
    this.at += ms
  }
}

export interface CacheStoreSetup {
  clock: Clock
  /** The store's total bound for entries of the size the test writes. */
  maxBytes: number
}

export interface CacheStoreHandle extends StoreHandle<CacheStore> {
  /** Closes and reopens over the same data, for backends that persist (restart survival). */
  restart?(): Promise<CacheStore>
}

export type CacheStoreFactory = (setup: CacheStoreSetup) => Promise<CacheStoreHandle>

function entry(text: string, tags: string[] = ['provider:openai', 'gateway:acct/gw'], size = 0): CacheEntry {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': ['a', 'b'] },
    body: Buffer.concat([Buffer.from(text), Buffer.alloc(size, 0x2e)]),
    tags,
  }
}

const text = (found: CacheEntry | undefined) => found?.body.toString().replace(/\.+$/, '')

export interface CacheContractOptions {
  /** Body size the suite writes; large against per-entry overhead so byte bounds are easy to reason about. */
  entryBytes?: number
  /** Whether entries of that size must survive `restart()`. */
  persistent?: boolean
}

/**
 * What every CacheStore backend guarantees (F154–F166). A tiered backend runs the suite once per tier by
 * choosing `entryBytes` on either side of its threshold.
 */
export function cacheStoreContract(
  name: string,
  make: CacheStoreFactory,
  options: CacheContractOptions = {},
): void {
  const entryBytes = options.entryBytes ?? 4000
  describe(`CacheStore contract: ${name}`, () => {
    let handle: CacheStoreHandle | undefined
    const open = async (setup: Partial<CacheStoreSetup> = {}) => {
      const clock = (setup.clock as ManualClock | undefined) ?? new ManualClock()
      handle = await make({ clock, maxBytes: setup.maxBytes ?? 64 * 1024 * 1024 })
      return { store: handle.store, clock: clock as ManualClock }
    }
    const sized = (text: string, tags?: string[]) => entry(text, tags, entryBytes)

    afterEach(async () => {
      await handle?.close()
      handle = undefined
    })

    it('returns what was stored, headers and bytes intact, until deleted', async () => {
      const { store } = await open()
      expect(await store.get('k1')).toBeUndefined()
      const stored = sized('{"answer":42}')
      await store.set('k1', stored, 300)
      const found = await store.get('k1')
      expect(found).toEqual(stored)
      expect(Buffer.isBuffer(found?.body)).toBe(true)
      expect(await store.delete('k1')).toBe(true)
      expect(await store.delete('k1')).toBe(false)
      expect(await store.get('k1')).toBeUndefined()
    })

    it('replaces an entry stored under the same key', async () => {
      const { store } = await open()
      await store.set('k1', sized('first'), 300)
      await store.set('k1', sized('second'), 300)
      expect(text(await store.get('k1'))).toBe('second')
    })

    it('F154 an entry expires after its TTL by the injected clock', async () => {
      const { store, clock } = await open()
      await store.set('short', sized('short'), 60)
      await store.set('long', sized('long'), 3600)
      clock.advance(59_999)
      expect(text(await store.get('short'))).toBe('short')
      clock.advance(1)
      expect(await store.get('short')).toBeUndefined()
      expect(text(await store.get('long'))).toBe('long')
      clock.advance(3_600_000)
      expect(await store.get('long')).toBeUndefined()
    })

    it('a TTL of 0 stores nothing and removes an older entry', async () => {
      const { store } = await open()
      await store.set('k1', sized('old'), 300)
      await store.set('k1', sized('new'), 0)
      expect(await store.get('k1')).toBeUndefined()
    })

    it('F166 deleteByTag removes exactly the tagged entries', async () => {
      const { store } = await open()
      await store.set('a', sized('a', ['provider:custom-acme', 'gateway:acct/gw1']), 300)
      await store.set('b', sized('b', ['provider:openai', 'gateway:acct/gw1']), 300)
      await store.set('c', sized('c', ['provider:custom-acme', 'gateway:acct/gw2']), 300)
      expect(await store.deleteByTag('provider:custom-acme')).toBe(2)
      expect(await store.get('a')).toBeUndefined()
      expect(await store.get('c')).toBeUndefined()
      expect(text(await store.get('b'))).toBe('b')
      expect(await store.deleteByTag('provider:custom-acme')).toBe(0)
      expect(await store.deleteByTag('gateway:acct/gw1')).toBe(1)
      expect(await store.get('b')).toBeUndefined()
    })

    it('F095 a replaced entry no longer answers to its old tags', async () => {
      const { store } = await open()
      await store.set('k', sized('v1', ['gateway:acct/old']), 300)
      await store.set('k', sized('v2', ['gateway:acct/new']), 300)
      expect(await store.deleteByTag('gateway:acct/old')).toBe(0)
      expect(text(await store.get('k'))).toBe('v2')
    })

    it('evicts the least recently used entries once the byte bound is exceeded', async () => {
      // Room for three entries of this size (body plus a few hundred bytes of bookkeeping), not four.
      const { store } = await open({ maxBytes: Math.floor(entryBytes * 3.5) })
      await store.set('a', sized('a'), 300)
      await store.set('b', sized('b'), 300)
      await store.set('c', sized('c'), 300)
      expect(text(await store.get('a'))).toBe('a') // a is now the most recently used
      await store.set('d', sized('d'), 300)
      expect(await store.get('b')).toBeUndefined()
      expect(text(await store.get('a'))).toBe('a')
      expect(text(await store.get('c'))).toBe('c')
      expect(text(await store.get('d'))).toBe('d')
    })

    it('F160 never keeps an entry larger than the whole bound', async () => {
      const { store } = await open({ maxBytes: entryBytes + 64 })
      await store.set('big', sized('big'), 300)
      expect(await store.get('big')).toBeUndefined()
    })

    // Only backends that keep entries on disk promise this; memory ones do not register the test at all.
    if (options.persistent) {
      it('survives a restart', async () => {
        const { store, clock } = await open()
        if (!handle?.restart) throw new Error('a persistent backend must offer restart()')
        await store.set('kept', sized('kept', ['provider:anthropic']), 300)
        await store.set('gone', sized('gone'), 60)
        clock.advance(120_000)
        const reopened = await handle.restart()
        expect(text(await reopened.get('kept'))).toBe('kept')
        expect(await reopened.get('gone')).toBeUndefined()
        expect(await reopened.deleteByTag('provider:anthropic')).toBe(1)
      })
    }
  })
}
