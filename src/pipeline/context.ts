import type { ResponseCache } from '../cache/response-cache.js'
import type { Clock } from '../core/clock.js'
import type { Controls } from '../core/controls.js'
import type { GatewaySettings } from '../core/gateway-settings.js'
import type { IdFactory } from '../core/ids.js'
import type { CounterStore } from '../core/stores.js'
import type { Sleep } from '../limits/sleep.js'
import type { RequestType, Usage } from '../core/log-entry.js'
import type { TokenVerifier } from '../auth/api-tokens.js'
import type { Config } from '../config/config.js'
import type { GatewayDirectory } from '../gateways/directory.js'
import type { VertexTokenMinter } from '../providers/auth/vertex-service-account.js'
import type { ProviderDescriptor } from '../providers/define.js'
import type { UpstreamClient } from '../upstream/client.js'
import type { Pricing } from '../usage/pricing.js'
import type { RequestEvents } from './events.js'
import type { InboundRequest } from './exchange.js'
import type { AttemptRecord, StoredKeyUse } from './record.js'
import type { StoredKeys } from '../byok/stored-keys.js'
import type { CreditLedger } from '../billing/credit-ledger.js'
import type { CustomProviderDirectory } from '../custom-providers/directory.js'
import type { DlpProfileDirectory } from '../policy/dlp/profile-directory.js'
import type { DlpLogFields } from '../core/log-entry.js'
import type { SpendLimiter } from '../spend/spend-limiter.js'
import type { DynamicRoutes } from '../dynamic-routes/dynamic-routes.js'

export interface Services {
  config: Config
  clock: Clock
  ids: IdFactory
  gateways: GatewayDirectory
  tokens: TokenVerifier
  upstream: UpstreamClient
  events: RequestEvents
  pricing: Pricing
  /** Shared OAuth token cache for Vertex service accounts (F033). */
  vertex: VertexTokenMinter
  /** Response cache and its in-flight table (F154–F168). */
  cache: ResponseCache
  /** Rate-limit counters (F169–F176). */
  counters: CounterStore
  /** Waits between retries; injected so tests run retries on a fake clock. */
  sleep: Sleep
  /** Stored provider keys (BYOK, F223–F230); absent means none are ever injected. */
  storedKeys?: StoredKeys
  /** Account custom providers (F009, F236–F244); absent means `custom-*` slugs are unknown. */
  customProviders?: CustomProviderDirectory
  /** Credit ledger (F231, F232); absent means stored-key traffic is never metered. */
  credits?: CreditLedger
  /** Compiled DLP profiles per account (F214); absent means the predefined profiles only. */
  dlpProfiles?: DlpProfileDirectory
  /** Gateway spend limits (F147, F233); absent means `spend_limits` are not enforced. */
  spend?: SpendLimiter
  /** Deployed dynamic routes and their limits (F186–F199); absent means `dynamic/<name>` is unknown. */
  dynamicRoutes?: DynamicRoutes
}

export type Entry =
  | { kind: 'provider'; provider: ProviderDescriptor; rest: string }
  | { kind: 'compat'; endpoint: string }
  | { kind: 'universal' }

export interface RequestContext {
  readonly logId: string
  readonly eventId: string
  readonly startedAt: number
  /** High-resolution start for durations (performance.now()). */
  readonly startedHr: number
  readonly request: InboundRequest
  readonly services: Services
  readonly accountId: string
  readonly gatewayId: string
  /** The data-plane path after `/v1/{account}/{gateway}`, e.g. `/openai/chat/completions`. */
  readonly tail: string
  requestType: RequestType
  gateway: GatewaySettings | undefined
  entry: Entry | undefined
  controls: Controls | undefined
  authenticated: boolean
  /** Header names that carried the gateway's own token in a provider key slot (F018, F083); never forwarded. */
  tokenSlots: string[]
  body: Buffer | undefined
  /** Parsed JSON request body, when the body is JSON and a stage needed it. */
  json: unknown
  model: string | undefined
  /** Provider that served the request when the entry does not name it (/compat, Universal, dynamic routes). */
  provider: ProviderDescriptor | undefined
  /** Usage already known from a translated response; otherwise the log writer reads it from the bytes. */
  usage: Usage | undefined
  attempts: AttemptRecord[]
  /** The response came from the cache (F163, F168): logged as `cached`, costs nothing. */
  cached?: boolean
  /** Set once the gateway rate limit counted this request, so fallback steps do not count it again (F169). */
  rateLimitChecked?: boolean
  /** Zero-based index of the route step that answered, or failed last (F038, F046). */
  step?: number
  /** That step's upstream path, logged when the entry's own path names none (Universal, F035). */
  routePath?: string
  /** A response that had already started failed later: the client got an error event, the log a failure. */
  streamError?: string
  /** The stored key this request used, if any (F223); set by the BYOK credential step. */
  storedKey?: StoredKeyUse
  /** Effective ZDR flag of the step that ran (F234); observe falls back to header and gateway setting. */
  zdr?: boolean
  /** What DLP matched so far (F220); set by the dlp stage, logged with the request. */
  dlp?: DlpLogFields
  /** Facts a stage adds to the log entry's `extra`, e.g. the dynamic route a request took (F197). */
  logExtra?: Record<string, unknown>
  warnings: string[]
  /** Response headers every reply carries (F306: ids on failures too). */
  readonly replyHeaders: Record<string, string>
}
