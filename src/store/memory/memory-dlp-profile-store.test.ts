import { dlpProfileStoreContract } from '../contract/dlp-profile-store.contract.js'
import { MemoryDlpProfileStore } from './memory-dlp-profile-store.js'

dlpProfileStoreContract('memory', async () => ({ store: new MemoryDlpProfileStore(), close: async () => {} }))
