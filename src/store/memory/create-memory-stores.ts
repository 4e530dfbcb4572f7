import { systemClock, type Clock } from '../../core/clock.js'
import type { Stores } from '../../core/stores.js'
import { MemoryAccountStore } from './memory-account-store.js'
import { MemoryCacheStore } from './memory-cache-store.js'
import { MemoryCounterStore } from './memory-counter-store.js'
import { MemoryGatewayStore } from './memory-gateway-store.js'
import { MemoryLogStore } from './memory-log-store.js'
import { MemoryTokenStore } from './memory-token-store.js'
import { MemoryCreditStore } from './memory-credit-store.js'
import { MemoryCustomProviderStore } from './memory-custom-provider-store.js'
import { MemoryProviderConfigStore } from './memory-provider-config-store.js'
import { MemorySecretStore } from './memory-secret-store.js'
import { MemoryDlpProfileStore } from './memory-dlp-profile-store.js'
import { MemorySpendLedger } from './memory-spend-ledger.js'
import { MemoryRouteStore } from './memory-route-store.js'

export interface MemoryStoresOptions {
  clock?: Clock
  /** Bound of the response cache (default 64 MiB). */
  cacheBytes?: number
}

export function createMemoryStores(options: MemoryStoresOptions = {}): Stores {
  return {
    accounts: new MemoryAccountStore(),
    gateways: new MemoryGatewayStore(),
    tokens: new MemoryTokenStore(),
    logs: new MemoryLogStore(),
    cache: new MemoryCacheStore({
      clock: options.clock ?? systemClock,
      maxBytes: options.cacheBytes ?? 64 * 1024 * 1024,
    }),
    counters: new MemoryCounterStore(),
    secrets: new MemorySecretStore(),
    providerConfigs: new MemoryProviderConfigStore(),
    customProviders: new MemoryCustomProviderStore(),
    credits: new MemoryCreditStore(),
    dlpProfiles: new MemoryDlpProfileStore(),
    spend: new MemorySpendLedger(),
    routes: new MemoryRouteStore(),
    close: async () => {},
  }
}
