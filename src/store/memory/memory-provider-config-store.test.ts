import { providerConfigStoreContract } from '../contract/provider-config-store.contract.js'
import { createMemoryStores } from './create-memory-stores.js'

providerConfigStoreContract('memory', async () => {
  const stores = createMemoryStores()
  return { store: stores.providerConfigs, close: () => stores.close() }
})
