import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { providerConfigStoreContract } from '../contract/provider-config-store.contract.js'
import { createSqliteStores } from './create-sqlite-stores.js'

const root = mkdtempSync(join(tmpdir(), 'aigw-sqlite-provider-config-'))
let counter = 0
afterAll(() => rmSync(root, { recursive: true, force: true }))

providerConfigStoreContract('sqlite', async () => {
  const stores = createSqliteStores(join(root, `db-${++counter}`, 'aigw.db'))
  return { store: stores.providerConfigs, close: () => stores.close() }
})
