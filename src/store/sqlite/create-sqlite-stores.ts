import type { Stores } from '../../core/stores.js'
import { openDatabase, type OpenDatabaseOptions } from './open-database.js'
import { SqliteAccountStore } from './sqlite-account-store.js'
import { SqliteGatewayStore } from './sqlite-gateway-store.js'
import { SqliteLogStore, type SqliteLogStoreOptions } from './sqlite-log-store.js'
import { SqliteTokenStore } from './sqlite-token-store.js'

/** The embedded backend: every store in one SQLite file (ARCHITECTURE principle 6). */
export function createSqliteStores(
  path: string,
  options: OpenDatabaseOptions & SqliteLogStoreOptions = {},
): Stores {
  const db = openDatabase(path, options)
  let closed = false
  return {
    accounts: new SqliteAccountStore(db),
    gateways: new SqliteGatewayStore(db),
    tokens: new SqliteTokenStore(db),
    logs: new SqliteLogStore(db, options),
    close: async () => {
      if (closed) return
      closed = true
      // Lets SQLite refresh planner statistics for the indexes the workload actually used.
      db.pragma('optimize')
      db.close()
    },
  }
}
