import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { routeStoreContract } from '../contract/route-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-routes-'))
let counter = 0
const freshPath = () => join(root, `db-${++counter}`, 'aigw.db')

afterAll(() => rmSync(root, { recursive: true, force: true }))

routeStoreContract('sqlite', async () => {
  const stores = createSqliteStores(freshPath())
  return { store: stores.routes, close: () => stores.close() }
})

describe('SQLite dynamic routes', () => {
  it('F196 routes, versions and the live deployment survive a restart', async () => {
    const path = freshPath()
    const first = createSqliteStores(path)
    const at = '2025-01-01T00:00:00.000Z'
    await first.routes.create(
      { id: 'r', accountId: 'a', gatewayId: 'g', name: 'kept', createdAt: at, modifiedAt: at },
      { id: 'v', routeId: 'r', elements: [{ id: 'start', type: 'start' }], comment: 'first', createdAt: at },
      { id: 'd', routeId: 'r', versionId: 'v', comment: null, createdAt: at },
    )
    await first.close()
    const second = createSqliteStores(path)
    const live = await second.routes.deployed('a', 'g', 'kept')
    expect(live?.version).toEqual({
      id: 'v',
      routeId: 'r',
      elements: [{ id: 'start', type: 'start' }],
      comment: 'first',
      createdAt: at,
    })
    expect(live?.deployment.id).toBe('d')
    await second.close()
  })
})
