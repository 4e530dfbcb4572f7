import type { GatewaySettings } from './gateway-settings.js'
import type { LogEntry, LogPatch, LogQuery } from './log-entry.js'

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

/** A cached upstream response, replayed byte for byte on a hit (F154–F168). */
export interface CacheEntry {
  status: number
  headers: Record<string, string | string[]>
  body: Buffer
  /** Invalidation handles: `provider:<slug>`, `gateway:<account>/<id>` (F095, F166). */
  tags: string[]
}

export interface CacheStore {
  /** Undefined when absent or expired (expiry follows the store's clock). */
  get(key: string): Promise<CacheEntry | undefined>
  /** Replaces any entry under `key`; a TTL ≤ 0 or an entry too large for the store only removes the old one. */
  set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void>
  delete(key: string): Promise<boolean>
  /** Removes every entry carrying `tag` and returns how many went. */
  deleteByTag(tag: string): Promise<number>
}

/** F170: `fixed` = clock-aligned windows; `sliding` = the trailing interval. */
export type RateTechnique = 'fixed' | 'sliding'

export interface RateWindow {
  technique: RateTechnique
  intervalMs: number
  /** Requests allowed per interval, ≥ 1. */
  limit: number
}

export interface RateDecision {
  allowed: boolean
  /** Requests still allowed in the current window after this one. */
  remaining: number
  /** When rejected: ms until a request would be allowed again; 0 when allowed. */
  retryAfterMs: number
}

/**
 * Request counters for rate limits (F169–F176). One call checks and records, so a shared backend (Redis) can
 * do it atomically in one round trip; rejected hits are not counted.
 */
export interface CounterStore {
  hit(key: string, window: RateWindow, at: number): Promise<RateDecision>
}

/**
 * An encrypted secret (F223, F226): AES-256-GCM under a per-secret data key, the data key itself wrapped by
 * the master key. Only ciphertext and a short preview are ever stored.
 */
export interface SecretRecord {
  id: string
  accountId: string
  ciphertext: Uint8Array
  iv: Uint8Array
  tag: Uint8Array
  /** The data key encrypted under the master key: iv ‖ ciphertext ‖ tag. */
  wrappedKey: Uint8Array
  /** Fingerprint of the master key that wrapped the data key (never the key). */
  keyId: string
  /** e.g. `sk-p…x9Qa`: at most the first and last four characters. */
  preview: string
  createdAt: string
  updatedAt: string
}

export interface SecretStore {
  get(accountId: string, id: string): Promise<SecretRecord | undefined>
  /** Inserts or replaces the record with this id. */
  put(record: SecretRecord): Promise<void>
  delete(accountId: string, id: string): Promise<boolean>
  /** Any one stored record: lets start-up prove the master key opens what is stored. */
  sample(): Promise<SecretRecord | undefined>
}

/** A stored provider key of one gateway (F223–F230), in store form; the key lives in the SecretStore. */
export interface ProviderConfigRecord {
  id: string
  accountId: string
  gatewayId: string
  providerSlug: string
  alias: string
  defaultConfig: boolean
  secretId: string
  secretPreview: string
  rateLimit: number | null
  rateLimitPeriod: number | null
  description: string | null
  /** Vertex AI: the region chosen with the service account (F228). */
  region: string | null
  createdAt: string
  modifiedAt: string
  /** F225: when a request last used the key, and the upstream status it got. */
  lastUsedAt: string | null
  lastStatus: number | null
}

export type ProviderConfigUpdate = 'updated' | 'not_found' | 'alias_taken'

export interface ProviderConfigStore {
  /** Oldest first, ties by id. */
  list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<ProviderConfigRecord>>
  get(accountId: string, gatewayId: string, id: string): Promise<ProviderConfigRecord | undefined>
  /** Every config of one provider on one gateway (a handful): the data plane picks by alias. */
  forProvider(accountId: string, gatewayId: string, providerSlug: string): Promise<ProviderConfigRecord[]>
  /** Returns false when the gateway already has a key with this provider and alias. */
  create(record: ProviderConfigRecord): Promise<boolean>
  update(record: ProviderConfigRecord): Promise<ProviderConfigUpdate>
  delete(accountId: string, gatewayId: string, id: string): Promise<boolean>
  /** Removes every config of a gateway and returns them (their secrets are the caller's to delete). */
  deleteGateway(accountId: string, gatewayId: string): Promise<ProviderConfigRecord[]>
  /** Whether any config of the account still points at this secret. */
  referencesSecret(accountId: string, secretId: string): Promise<boolean>
  /** F225; ignores unknown ids. */
  touch(id: string, at: string, status: number): Promise<void>
}

/** An account-level custom provider (F236–F244). Timestamps are Unix seconds, as the API shows them. */
export interface CustomProviderRecord {
  id: string
  accountId: string
  name: string
  slug: string
  baseUrl: string
  description: string | null
  link: string | null
  enable: boolean
  beta: boolean
  curlExample: string | null
  jsExample: string | null
  position: number | null
  /** Secret holding the JSON object of extra upstream headers (values may be credentials). */
  headersSecretId: string | null
  /** The header names with previews of their values, as JSON; what the API shows instead of the values. */
  headersPreview: string | null
  logo: string
  createdAt: number
  modifiedAt: number
}

export type CustomProviderOrderKey = 'name' | 'slug' | 'created_at' | 'modified_at' | 'position'

export interface CustomProviderQuery {
  page: number
  perPage: number
  enable?: boolean
  beta?: boolean
  /** Case-insensitive substring of id, name or slug. */
  search?: string
  orderBy: CustomProviderOrderKey
  direction: 'asc' | 'desc'
}

export type CustomProviderUpdate = 'updated' | 'not_found' | 'slug_taken'

export interface CustomProviderStore {
  list(accountId: string, query: CustomProviderQuery): Promise<Page<CustomProviderRecord>>
  get(accountId: string, id: string): Promise<CustomProviderRecord | undefined>
  /** Slugs compare case-insensitively. */
  findBySlug(accountId: string, slug: string): Promise<CustomProviderRecord | undefined>
  /** Returns false when the slug is taken in the account. */
  create(record: CustomProviderRecord): Promise<boolean>
  update(record: CustomProviderRecord): Promise<CustomProviderUpdate>
  delete(accountId: string, id: string): Promise<boolean>
}

/** One movement of an account's credit ledger (F231, F232), in nano-dollars so sums stay exact. */
export interface CreditEntry {
  /** Unique; spends use `spend:<log id>`, so recording one twice is a no-op. */
  id: string
  accountId: string
  kind: 'credit' | 'spend'
  /** Positive for credits, negative for spends. */
  amountNanos: number
  /** Unix ms. */
  at: number
  logId: string | null
  note: string | null
}

export interface CreditBalance {
  nanos: number
  /** Ledger entries so far; an account without any has no ledger and is not metered. */
  entries: number
}

export interface CreditStore {
  /** Appends in order; an entry whose id exists already is skipped. */
  append(entries: CreditEntry[]): Promise<void>
  balance(accountId: string): Promise<CreditBalance>
  /** Spend (as a positive number) per `bucketMs` window starting at `from`, for windows with any spend. */
  spendHistory(
    accountId: string,
    range: { from: number; to: number; bucketMs: number },
  ): Promise<Array<{ start: number; nanos: number }>>
  /** Newest first. */
  list(accountId: string, paging: { page: number; perPage: number }): Promise<Page<CreditEntry>>
}

/** F214: one DLP profile document of an account (a custom profile, or the account's settings of a predefined one). */
export interface DlpProfileRecord {
  accountId: string
  id: string
  type: 'custom' | 'predefined'
  createdAt: string
  /** The profile in the `cloudflare` SDK's shape; src/policy/dlp owns its schema, the store keeps it as JSON. */
  document: Record<string, unknown>
}

export interface DlpProfileStore {
  /** Oldest first, ties by id. */
  list(accountId: string): Promise<DlpProfileRecord[]>
  get(accountId: string, id: string): Promise<DlpProfileRecord | undefined>
  /** Returns false when the id is already taken in the account. */
  create(record: DlpProfileRecord): Promise<boolean>
  /** Returns false when no such profile exists. */
  update(record: DlpProfileRecord): Promise<boolean>
  /** Creates or replaces. */
  put(record: DlpProfileRecord): Promise<void>
  delete(accountId: string, id: string): Promise<boolean>
}

/** A spend-limit window (F147, F233): `fixed` = clock-aligned, `sliding` = the trailing interval. */
export interface SpendWindow {
  technique: RateTechnique
  windowMs: number
}

/** One budget: a spend-limit rule, or one partition of it (e.g. one `user_id`), in whole nano-dollars. */
export interface SpendBudget {
  key: string
  window: SpendWindow
  /** ≥ 0; a limit of 0 refuses every request the budget applies to. */
  limitNanos: number
}

/** A request's worst-case cost, held in every budget it touches until it is settled or expires. */
export interface SpendHold {
  /** Unique per request step. */
  id: string
  budgets: SpendBudget[]
  /** ≥ 0; 0 for a request whose price is unknown: admitted while the budget lasts, charged when settled. */
  amountNanos: number
  at: number
  /** After this instant an unsettled hold stops counting: a crashed process never settles its holds. */
  expiresAt: number
}

export interface SpendTotals {
  spentNanos: number
  /** Unexpired holds of requests in flight. */
  reservedNanos: number
}

export type SpendReservation =
  | { ok: true }
  | {
      ok: false
      /** The first budget without room; nothing was held in any budget. */
      key: string
      spentNanos: number
      reservedNanos: number
      /** ms until enough spend leaves the window; 0: only holds are in the way; undefined: never fits. */
      retryAfterMs: number | undefined
    }

/**
 * The spend-limit ledger (F147, F233). `reserve` checks and holds in one atomic step across all the
 * budgets of a request (a Lua script on Redis, one transaction on Postgres/SQLite), so concurrent requests
 * cannot overshoot a limit by more than what they under-reserved. Charges land in the windows of the
 * hold's admission time.
 */
export interface SpendLedger {
  /** Holds `amountNanos` in every budget when each has spent + reserved + amount ≤ limit; otherwise holds nothing. */
  reserve(hold: SpendHold): Promise<SpendReservation>
  /** Replaces the hold with the actual cost (0 releases it); false when the hold is unknown (settled or purged). */
  settle(holdId: string, actualNanos: number, at: number): Promise<boolean>
  totals(key: string, window: SpendWindow, at: number): Promise<SpendTotals>
  /** Budgets whose key starts with `prefix` and that count spend or holds at `at`, by key, at most `limit`. */
  list(
    prefix: string,
    window: SpendWindow,
    at: number,
    limit: number,
  ): Promise<Array<SpendTotals & { key: string }>>
}

/** A dynamic route of one gateway (F186, F199): its name is what clients call as `dynamic/<name>`. */
export interface DynamicRouteRecord {
  id: string
  accountId: string
  gatewayId: string
  name: string
  createdAt: string
  modifiedAt: string
}

/** One saved version of a route's elements (F196); src/dynamic-routes owns their schema, the store keeps JSON. */
export interface RouteVersionRecord {
  id: string
  routeId: string
  elements: Array<Record<string, unknown>>
  comment: string | null
  createdAt: string
}

/** Making a version live (F196); the newest deployment of a route is the one serving traffic. */
export interface RouteDeploymentRecord {
  id: string
  routeId: string
  versionId: string
  comment: string | null
  createdAt: string
}

export interface DeployedRoute {
  route: DynamicRouteRecord
  version: RouteVersionRecord
  deployment: RouteDeploymentRecord
}

export type RouteRename = 'updated' | 'not_found' | 'name_taken'

/**
 * Dynamic routes with their versions and deployments (F186–F199). Lists are newest first (insertion order,
 * so equal timestamps still sort); everything is scoped by account and gateway.
 */
export interface RouteStore {
  list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<DynamicRouteRecord>>
  get(accountId: string, gatewayId: string, id: string): Promise<DynamicRouteRecord | undefined>
  /** The route with its first version and, when given, its first deployment, all or nothing; false when the name is taken. */
  create(
    route: DynamicRouteRecord,
    version: RouteVersionRecord,
    deployment: RouteDeploymentRecord | undefined,
  ): Promise<boolean>
  rename(accountId: string, gatewayId: string, id: string, name: string, at: string): Promise<RouteRename>
  /** Removes the route with its versions and deployments. */
  delete(accountId: string, gatewayId: string, id: string): Promise<boolean>
  /** Removes every route of a gateway (the gateway was deleted) and returns how many went. */
  deleteGateway(accountId: string, gatewayId: string): Promise<number>
  /** False when the route does not exist; sets the route's `modifiedAt` to `at`. */
  addVersion(accountId: string, gatewayId: string, version: RouteVersionRecord, at: string): Promise<boolean>
  listVersions(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteVersionRecord>>
  getVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
    versionId: string,
  ): Promise<RouteVersionRecord | undefined>
  latestVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteVersionRecord | undefined>
  /** False when the route or the deployed version (of that route) does not exist; sets `modifiedAt` to `at`. */
  deploy(
    accountId: string,
    gatewayId: string,
    deployment: RouteDeploymentRecord,
    at: string,
  ): Promise<boolean>
  listDeployments(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteDeploymentRecord>>
  currentDeployment(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteDeploymentRecord | undefined>
  /** The data plane's one lookup: the deployed version of the route called `name`; undefined when none is live. */
  deployed(accountId: string, gatewayId: string, name: string): Promise<DeployedRoute | undefined>
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
