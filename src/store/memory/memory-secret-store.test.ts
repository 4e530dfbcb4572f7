import { secretStoreContract } from '../contract/secret-store.contract.js'
import { createMemoryStores } from './create-memory-stores.js'

secretStoreContract('memory', async () => {
  const stores = createMemoryStores()
  return { store: stores.secrets, close: () => stores.close() }
})
