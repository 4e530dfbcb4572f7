import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { customProviderStoreContract } from '../contract/custom-provider-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-custom-provider-'))
let counter = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

customProviderStoreContract('sqlite', async () => {
  const stores = createSqliteStores(join(root, `db-${++counter}`, 'aigw.db'))
  return { store: stores.customProviders, close: () => stores.close() }
})
