import type { Stores } from '../../core/stores.js'
import { MemoryAccountStore } from './memory-account-store.js'
import { MemoryGatewayStore } from './memory-gateway-store.js'
import { MemoryLogStore } from './memory-log-store.js'
import { MemoryTokenStore } from './memory-token-store.js'

export function createMemoryStores(): Stores {
  return {
    accounts: new MemoryAccountStore(),
    gateways: new MemoryGatewayStore(),
    tokens: new MemoryTokenStore(),
    logs: new MemoryLogStore(),
    close: async () => {},
  }
}
