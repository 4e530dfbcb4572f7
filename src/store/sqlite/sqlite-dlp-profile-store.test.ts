import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dlpProfileStoreContract } from '../contract/dlp-profile-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-dlp-'))
let counter = 0
const freshPath = () => join(root, `db-${++counter}`, 'aigw.db')

afterAll(() => rmSync(root, { recursive: true, force: true }))

dlpProfileStoreContract('sqlite', async () => {
  const stores = createSqliteStores(freshPath())
  return { store: stores.dlpProfiles, close: () => stores.close() }
})

describe('SQLite DLP profiles', () => {
  it('F214 profiles survive a restart', async () => {
    const path = freshPath()
    const first = createSqliteStores(path)
    await first.dlpProfiles.create({
      accountId: 'a',
      id: 'p',
      type: 'custom',
      createdAt: '2025-01-01T00:00:00.000Z',
      document: { name: 'kept' },
    })
    await first.close()
    const second = createSqliteStores(path)
    expect((await second.dlpProfiles.get('a', 'p'))?.document).toEqual({ name: 'kept' })
    await second.close()
  })
})
