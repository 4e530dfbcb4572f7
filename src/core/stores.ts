import type { GatewaySettings } from './gateway-settings.js'
import type { LogEntry, LogPatch, LogQuery } from './log-entry.js'
import type { CacheStore, CounterStore, SpendLedger } from './stores/traffic.js'
import type {
  CreditStore,
  CustomProviderStore,
  ProviderConfigStore,
  SecretStore,
} from './stores/credentials.js'
import type { DlpProfileStore, RouteStore } from './stores/policies.js'

export type * from './stores/traffic.js'
export type * from './stores/credentials.js'
export type * from './stores/policies.js'

/**
 * The narrow storage interfaces (ARCHITECTURE principle 6). Every backend implements these and
 * passes the contract suites in src/store/contract/. Nothing outside src/store knows SQL.
 */
export interface Page<T> {
  items: T[]
  total: number
}

export interface GatewayListQuery {
  search?: string
  page: number
  perPage: number
}

export interface GatewayStore {
  get(accountId: string, id: string): Promise<GatewaySettings | undefined>
  list(accountId: string, query: GatewayListQuery): Promise<Page<GatewaySettings>>
  /** Returns false when a gateway with that id already exists. */
  create(accountId: string, settings: GatewaySettings): Promise<boolean>
  /** Returns false when no such gateway exists. */
  update(accountId: string, settings: GatewaySettings): Promise<boolean>
  delete(accountId: string, id: string): Promise<boolean>
}

export type Permission = 'read' | 'edit' | 'run'

export interface ApiToken {
  id: string
  accountId: string
  name: string
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  hash: string
  preview: string
  permissions: Permission[]
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
}

export interface TokenStore {
  findByHash(hash: string): Promise<ApiToken | undefined>
  list(accountId: string): Promise<ApiToken[]>
  create(token: ApiToken): Promise<void>
  delete(accountId: string, id: string): Promise<boolean>
  touch(id: string, at: string): Promise<void>
}

export interface Account {
  id: string
  createdAt: string
}

export interface AccountStore {
  get(id: string): Promise<Account | undefined>
  list(): Promise<Account[]>
  create(account: Account): Promise<void>
}

export interface LogStore {
  append(entries: LogEntry[]): Promise<void>
  list(query: LogQuery): Promise<Page<LogEntry>>
  get(accountId: string, gatewayId: string, id: string): Promise<LogEntry | undefined>
  patch(accountId: string, gatewayId: string, id: string, patch: LogPatch): Promise<boolean>
  /** Deletes matching entries (when limited, the first `limit` in the query's order) and returns how many went. */
  delete(query: LogQuery): Promise<number>
  count(accountId: string, gatewayId: string): Promise<number>
  deleteOldest(accountId: string, gatewayId: string, count: number): Promise<number>
}

export interface Stores {
  accounts: AccountStore
  gateways: GatewayStore
  tokens: TokenStore
  logs: LogStore
  cache: CacheStore
  /** In-process memory in the embedded mode, whatever holds the rest. */
  counters: CounterStore
  secrets: SecretStore
  providerConfigs: ProviderConfigStore
  customProviders: CustomProviderStore
  credits: CreditStore
  dlpProfiles: DlpProfileStore
  /** Spend-limit ledger; survives restarts in the embedded SQLite mode. */
  spend: SpendLedger
  /** Dynamic routes, their versions and deployments (F186–F199). */
  routes: RouteStore
  close(): Promise<void>
}
