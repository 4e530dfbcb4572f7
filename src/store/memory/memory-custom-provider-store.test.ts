import { customProviderStoreContract } from '../contract/custom-provider-store.contract.js'
import { createMemoryStores } from './create-memory-stores.js'

customProviderStoreContract('memory', async () => {
  const stores = createMemoryStores()
  return { store: stores.customProviders, close: () => stores.close() }
})
