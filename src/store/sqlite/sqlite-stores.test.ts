import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { Stores } from '../../core/stores.js'
import { accountStoreContract } from '../contract/account-store.contract.js'
import { gatewayStoreContract } from '../contract/gateway-store.contract.js'
import { ACCOUNT, bytes, GATEWAY, logQuery, makeLogEntry, text } from '../contract/log-fixtures.js'
import { logStoreContract } from '../contract/log-store.contract.js'
import type { StoreFactory } from '../contract/store-factory.js'
import { tokenStoreContract } from '../contract/token-store.contract.js'
import { defaultGatewaySettings } from '../../core/gateway-settings.js'
import { createSqliteStores } from './create-sqlite-stores.js'
import { latestSchemaVersion, migrate } from './migrations.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-'))
let counter = 0
const freshPath = () => join(root, `db-${++counter}`, 'aigw.db')

afterAll(() => rmSync(root, { recursive: true, force: true }))

function factory<K extends keyof Omit<Stores, 'close'>>(
  key: K,
  options: Parameters<typeof createSqliteStores>[1] = {},
): StoreFactory<Stores[K]> {
  return async () => {
    const stores = createSqliteStores(freshPath(), options)
    return { store: stores[key], close: () => stores.close() }
  }
}

accountStoreContract('sqlite', factory('accounts'))
gatewayStoreContract('sqlite', factory('gateways'))
tokenStoreContract('sqlite', factory('tokens'))
logStoreContract('sqlite', factory('logs'))
// Three-row chunks put a chunk boundary between the two sample entries that share a timestamp.
logStoreContract('sqlite, deleting in 3-row chunks', factory('logs', { deleteChunkRows: 3 }))

describe('chunked deletes', () => {
  const sameInstant = (n: number, gatewayId = GATEWAY) =>
    Array.from({ length: n }, (_, i) =>
      makeLogEntry({ id: `log-${i}`, gatewayId, provider: i % 3 ? 'a' : 'b' }),
    )

  it('F250 deletes every match across chunks, even when all share one timestamp', async () => {
    const stores = createSqliteStores(freshPath(), { deleteChunkRows: 2 })
    await stores.logs.append([...sameInstant(11), ...sameInstant(3, 'gw-2')])
    const filters = [{ key: 'provider', operator: 'eq' as const, value: ['a'] }]
    expect(await stores.logs.delete(logQuery({ filters }))).toBe(7)
    expect((await stores.logs.list(logQuery())).items.map((e) => e.id)).toEqual([
      'log-0',
      'log-3',
      'log-6',
      'log-9',
    ])
    expect(await stores.logs.delete(logQuery())).toBe(4)
    expect(await stores.logs.count(ACCOUNT, 'gw-2')).toBe(3)
    await stores.close()
  })

  // Ids sort as text: log-0, log-1, log-10, log-2, …
  it('F249 deleteOldest and limited deletes stop at the limit across chunks', async () => {
    const stores = createSqliteStores(freshPath(), { deleteChunkRows: 2 })
    await stores.logs.append(sameInstant(11))
    expect(await stores.logs.deleteOldest(ACCOUNT, GATEWAY, 5)).toBe(5)
    expect(await stores.logs.delete(logQuery({ limit: 3, direction: 'desc' }))).toBe(3)
    expect((await stores.logs.list(logQuery())).items.map((e) => e.id)).toEqual(['log-4', 'log-5', 'log-6'])
    await stores.close()
  })
})

describe('SQLite file', () => {
  it('persists every store across a restart', async () => {
    const path = freshPath()
    const first = createSqliteStores(path)
    await first.accounts.create({ id: ACCOUNT, createdAt: '2025-01-01T00:00:00.000Z' })
    await first.gateways.create(ACCOUNT, defaultGatewaySettings('2025-01-01T00:00:00.000Z'))
    await first.tokens.create({
      id: 't1',
      accountId: ACCOUNT,
      name: 'ci',
      hash: 'h1',
      preview: 'x…y',
      permissions: ['run'],
      createdAt: '2025-01-01T00:00:00.000Z',
      lastUsedAt: null,
      expiresAt: null,
    })
    await first.logs.append([
      makeLogEntry({ id: 'log-1', requestBody: bytes('ping'), metadata: { user: 'u1' } }),
    ])
    await first.close()

    const second = createSqliteStores(path)
    expect(await second.accounts.get(ACCOUNT)).toEqual({ id: ACCOUNT, createdAt: '2025-01-01T00:00:00.000Z' })
    expect((await second.gateways.get(ACCOUNT, 'default'))?.authentication).toBe(true)
    expect((await second.tokens.findByHash('h1'))?.id).toBe('t1')
    expect(await second.logs.count(ACCOUNT, GATEWAY)).toBe(1)
    const filters = [{ key: 'metadata.user', operator: 'eq' as const, value: ['u1'] }]
    expect((await second.logs.list(logQuery({ filters }))).total).toBe(1)
    expect(text((await second.logs.get(ACCOUNT, GATEWAY, 'log-1'))?.requestBody ?? null)).toBe('ping')
    await second.close()
  })

  it('keeps log bodies only in log_bodies, as BLOBs', async () => {
    const path = freshPath()
    const stores = createSqliteStores(path)
    await stores.logs.append([
      makeLogEntry({
        id: 'with-body',
        requestBody: bytes('SECRET-REQUEST'),
        responseBody: bytes('SECRET-RESPONSE'),
      }),
      makeLogEntry({ id: 'no-body' }),
    ])
    await stores.close()

    const db = new Database(path, { readonly: true })
    try {
      const logColumns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('logs')`).all()
      expect(logColumns.map((c) => c.name).filter((n) => /body/.test(n) && !/truncated/.test(n))).toEqual([])
      const logRows = db.prepare('SELECT * FROM logs').all()
      expect(JSON.stringify(logRows)).not.toMatch(/SECRET/)
      const bodies = db
        .prepare<[], { id: string; rt: string; st: string; request: Buffer }>(
          `SELECT logs.id, typeof(request) AS rt, typeof(response) AS st, request
           FROM log_bodies JOIN logs ON logs.seq = log_bodies.log_seq`,
        )
        .all()
      expect(bodies.map((b) => [b.id, b.rt, b.st, b.request.toString()])).toEqual([
        ['with-body', 'blob', 'blob', 'SECRET-REQUEST'],
      ])
    } finally {
      db.close()
    }
  })

  it('deleting logs deletes their bodies', async () => {
    const path = freshPath()
    const stores = createSqliteStores(path)
    await stores.logs.append([
      makeLogEntry({ id: 'a', requestBody: bytes('x') }),
      makeLogEntry({ id: 'b', requestBody: bytes('y') }),
    ])
    await stores.logs.delete(logQuery({ limit: 1 }))
    await stores.logs.deleteOldest(ACCOUNT, GATEWAY, 1)
    await stores.close()
    const db = new Database(path, { readonly: true })
    try {
      expect(db.prepare('SELECT count(*) AS n FROM log_bodies').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })

  it('opens in WAL mode with the schema at the latest version', async () => {
    const path = freshPath()
    await createSqliteStores(path).close()
    const db = new Database(path)
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({
        v: latestSchemaVersion(),
      })
    } finally {
      db.close()
    }
  })

  it('refuses a database written by a newer aigw', async () => {
    const path = freshPath()
    await createSqliteStores(path).close()
    const db = new Database(path)
    db.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(latestSchemaVersion() + 1, 'future', 'now')
    db.close()
    expect(() => createSqliteStores(path)).toThrow(/newer/)
  })

  it('applies only pending migrations, in order', () => {
    const db = new Database(':memory:')
    try {
      migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE t (a INTEGER)' }])
      migrate(db, [
        { version: 2, name: 'two', sql: 'ALTER TABLE t ADD COLUMN b INTEGER' },
        { version: 1, name: 'one', sql: 'CREATE TABLE t (a INTEGER)' },
      ])
      const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('t')`).all()
      expect(columns.map((c) => c.name)).toEqual(['a', 'b'])
      expect(db.prepare('SELECT version, name FROM schema_version ORDER BY version').all()).toEqual([
        { version: 1, name: 'one' },
        { version: 2, name: 'two' },
      ])
    } finally {
      db.close()
    }
  })
})
