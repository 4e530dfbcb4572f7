import { systemClock, type Clock } from '../../core/clock.js'
import type { Stores } from '../../core/stores.js'
import { MemoryCounterStore } from '../memory/memory-counter-store.js'
import { openDatabase, type OpenDatabaseOptions } from './open-database.js'
import { SqliteAccountStore } from './sqlite-account-store.js'
import { SqliteCacheStore, type SqliteCacheStoreOptions } from './sqlite-cache-store.js'
import { SqliteGatewayStore } from './sqlite-gateway-store.js'
import { SqliteLogStore, type SqliteLogStoreOptions } from './sqlite-log-store.js'
import { SqliteTokenStore } from './sqlite-token-store.js'
import { SqliteCreditStore } from './sqlite-credit-store.js'
import { SqliteCustomProviderStore } from './sqlite-custom-provider-store.js'
import { SqliteProviderConfigStore } from './sqlite-provider-config-store.js'
import { SqliteSecretStore } from './sqlite-secret-store.js'
import { SqliteDlpProfileStore } from './sqlite-dlp-profile-store.js'
import { SqliteSpendLedger } from './sqlite-spend-ledger.js'
import { SqliteRouteStore } from './sqlite-route-store.js'

const MIB = 1024 * 1024

export interface SqliteStoresOptions extends OpenDatabaseOptions, SqliteLogStoreOptions {
  clock?: Clock
  /** Response cache tiers; defaults 64 MiB memory, 64 KiB threshold, 1 GiB on disk. */
  cache?: Partial<Omit<SqliteCacheStoreOptions, 'clock'>>
}

/** The embedded backend: every store in one SQLite file (ARCHITECTURE principle 6). */
export function createSqliteStores(path: string, options: SqliteStoresOptions = {}): Stores {
  const db = openDatabase(path, options)
  let closed = false
  return {
    accounts: new SqliteAccountStore(db),
    gateways: new SqliteGatewayStore(db),
    tokens: new SqliteTokenStore(db),
    logs: new SqliteLogStore(db, options),
    cache: new SqliteCacheStore(db, {
      clock: options.clock ?? systemClock,
      memoryBytes: options.cache?.memoryBytes ?? 64 * MIB,
      thresholdBytes: options.cache?.thresholdBytes ?? 64 * 1024,
      diskBytes: options.cache?.diskBytes ?? 1024 * MIB,
    }),
    // Counters are per-process even in the embedded SQLite mode: a disk write per request would cost more than the proxying.
    counters: new MemoryCounterStore(),
    secrets: new SqliteSecretStore(db),
    providerConfigs: new SqliteProviderConfigStore(db),
    customProviders: new SqliteCustomProviderStore(db),
    credits: new SqliteCreditStore(db),
    dlpProfiles: new SqliteDlpProfileStore(db),
    spend: new SqliteSpendLedger(db),
    routes: new SqliteRouteStore(db),
    close: async () => {
      if (closed) return
      closed = true
      // Lets SQLite refresh planner statistics for the indexes the workload actually used.
      db.pragma('optimize')
      db.close()
    },
  }
}
