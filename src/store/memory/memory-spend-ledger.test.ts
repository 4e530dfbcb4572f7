import { spendLedgerContract } from '../contract/spend-ledger.contract.js'
import { createMemoryStores } from './create-memory-stores.js'

spendLedgerContract('memory', async () => {
  const stores = createMemoryStores()
  return { store: stores.spend, close: () => stores.close() }
})
