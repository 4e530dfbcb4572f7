import { describe, expect, it } from 'vitest'
import { accountStoreContract } from '../contract/account-store.contract.js'
import { gatewayStoreContract } from '../contract/gateway-store.contract.js'
import { logStoreContract } from '../contract/log-store.contract.js'
import type { StoreFactory } from '../contract/store-factory.js'
import { tokenStoreContract } from '../contract/token-store.contract.js'
import type { Stores } from '../../core/stores.js'
import { createMemoryStores } from './create-memory-stores.js'

function factory<K extends keyof Omit<Stores, 'close'>>(key: K): StoreFactory<Stores[K]> {
  return async () => {
    const stores = createMemoryStores()
    return { store: stores[key], close: () => stores.close() }
  }
}

accountStoreContract('memory', factory('accounts'))
gatewayStoreContract('memory', factory('gateways'))
tokenStoreContract('memory', factory('tokens'))
logStoreContract('memory', factory('logs'))

describe('createMemoryStores', () => {
  it('gives every call its own state', async () => {
    const a = createMemoryStores()
    const b = createMemoryStores()
    await a.accounts.create({ id: 'acct-1', createdAt: '2025-01-01T00:00:00.000Z' })
    expect(await b.accounts.get('acct-1')).toBeUndefined()
  })
})
