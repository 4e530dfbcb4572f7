import { creditStoreContract } from '../contract/credit-store.contract.js'
import { createMemoryStores } from './create-memory-stores.js'

creditStoreContract('memory', async () => {
  const stores = createMemoryStores()
  return { store: stores.credits, close: () => stores.close() }
})
