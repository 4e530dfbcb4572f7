import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { creditStoreContract } from '../contract/credit-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-credit-'))
let counter = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

creditStoreContract('sqlite', async () => {
  const stores = createSqliteStores(join(root, `db-${++counter}`, 'aigw.db'))
  return { store: stores.credits, close: () => stores.close() }
})
