import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { Clock } from '../../core/clock.js'
import { cacheStoreContract, ManualClock, type CacheStoreFactory } from '../contract/cache-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-cache-'))
let counter = 0
const freshPath = () => join(root, `db-${++counter}`, 'aigw.db')

afterAll(() => rmSync(root, { recursive: true, force: true }))

const THRESHOLD = 16 * 1024

function open(path: string, clock: Clock, maxBytes: number) {
  return createSqliteStores(path, {
    clock,
    cache: { memoryBytes: maxBytes, diskBytes: maxBytes, thresholdBytes: THRESHOLD },
  })
}

const factory: CacheStoreFactory = async ({ clock, maxBytes }) => {
  const path = freshPath()
  let stores = open(path, clock, maxBytes)
  return {
    store: stores.cache,
    close: () => stores.close(),
    async restart() {
      await stores.close()
      stores = open(path, clock, maxBytes)
      return stores.cache
    },
  }
}

cacheStoreContract('sqlite, small entries (memory tier)', factory, { entryBytes: 4000 })
cacheStoreContract('sqlite, large entries (disk tier)', factory, { entryBytes: 40_000, persistent: true })

describe('SqliteCacheStore tiers', () => {
  const entry = (bytes: number) => ({
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.alloc(bytes, 0x61),
    tags: ['provider:openai'],
  })
  const rows = (path: string) => {
    const db = new Database(path, { readonly: true })
    try {
      return db.prepare<[], { key: string }>('SELECT key FROM cache_entries ORDER BY key').all()
    } finally {
      db.close()
    }
  }

  it('writes only entries at or above the threshold to the file', async () => {
    const path = freshPath()
    const stores = open(path, new ManualClock(), 1024 * 1024)
    await stores.cache.set('small', entry(1000), 300)
    await stores.cache.set('large', entry(THRESHOLD), 300)
    await stores.close()
    expect(rows(path)).toEqual([{ key: 'large' }])
  })

  it('moves a key between tiers when its new entry changes size', async () => {
    const path = freshPath()
    const clock = new ManualClock()
    const stores = open(path, clock, 1024 * 1024)
    await stores.cache.set('k', entry(THRESHOLD * 2), 300)
    await stores.cache.set('k', entry(10), 300)
    expect((await stores.cache.get('k'))?.body.length).toBe(10)
    expect(await stores.cache.deleteByTag('provider:openai')).toBe(1)
    await stores.close()
    expect(rows(path)).toEqual([])
  })

  it('purges expired rows when it opens', async () => {
    const path = freshPath()
    const clock = new ManualClock()
    const first = open(path, clock, 1024 * 1024)
    await first.cache.set('old', entry(THRESHOLD), 60)
    await first.close()
    clock.advance(61_000)
    await open(path, clock, 1024 * 1024).close()
    expect(rows(path)).toEqual([])
  })
})
