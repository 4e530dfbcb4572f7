import type { GatewaySettings } from '../core/gateway-settings.js'
import type { PriceOverride } from '../usage/pricing.js'

/** Everything aigw reads at start-up, validated once (ARCHITECTURE principle 5: no env lookups at request time). */
export interface Limits {
  /** Largest request body accepted on the data plane (bytes). */
  maxRequestBytes: number
  /** Bodies larger than this are not stored in logs (F254: 10 MB). */
  maxLogBodyBytes: number
  /** How long SIGTERM waits for in-flight requests and streams. */
  shutdownGraceMs: number
  /** Overall upstream timeout when no cf-aig-request-timeout applies (F184: ≥ 600 s). */
  upstreamTimeoutMs: number
}

/** Response cache sizing (F160); `cache_ttl` and the cf-aig-cache-* headers decide what is cached. */
export interface CacheConfig {
  /** Bytes the in-memory LRU holds (entries below `sqliteThresholdBytes`). */
  memoryBytes: number
  /** Entries of at least this size are stored in the SQLite file (and survive restarts). */
  sqliteThresholdBytes: number
  /** Bound of the on-disk part; least recently used entries go first. */
  diskBytes: number
  /** Larger responses stream through uncached (F160: 25 MB). */
  maxEntryBytes: number
  /** How long identical concurrent misses wait for the first one's response. */
  coalesceWaitMs: number
}

/** How guardrails reach their moderation model (F207, F208, F212); the model itself is `guardrailsModel`. */
export interface GuardrailsConfig {
  /** One evaluator call may take this long before it counts as unavailable (F207). */
  timeoutMs: number
  /** F208: longest piece of text sent in one evaluation. */
  chunkChars: number
  /** Pieces evaluated per prompt or response at most; text beyond counts as unevaluated (F207). */
  maxChunks: number
  /** Streamed answers are checked each time this many new characters arrived (and at the end). */
  streamBatchChars: number
  /** Key for the evaluator's provider when the gateway stores none (an operator-run moderation model). */
  apiKey: string | undefined
  /** Replaces the evaluator provider's base URL, e.g. a self-hosted Llama Guard behind an OpenAI-compatible API. */
  baseUrl: string | undefined
  /** `auto`: chat messages for Llama Guard models (their server renders Meta's prompt), the prompt otherwise. */
  promptFormat: 'auto' | 'messages' | 'template'
}

/** Where custom providers may send traffic (F236, F243); see docs/decisions on BYOK and custom providers. */
export interface CustomProvidersConfig {
  /** Allow base URLs that resolve to loopback, private, link-local or unique-local addresses. */
  allowPrivateNetworks: boolean
  /** CIDR ranges allowed even when private networks are not (e.g. one internal inference subnet). */
  allowedNetworks: string[]
  /** Allow `http://` base URLs (local development and tests); HTTPS only otherwise, as on Cloudflare. */
  allowInsecureHttp: boolean
}

export interface Config {
  host: string
  port: number
  dataDir: string
  accountId: string | undefined
  adminToken: string | undefined
  masterKey: string | undefined
  guardrailsModel: string
  guardrails: GuardrailsConfig
  /** slug → upstream base override (AIGW_UPSTREAM_<SLUG> or `upstreams:` in the file). */
  upstreams: Record<string, string>
  workersAiAccountId: string | undefined
  pricing: PriceOverride[]
  /** Gateways declared in the config file: created at start if missing, never overwritten. */
  gateways: Array<Partial<GatewaySettings> & { id: string }>
  limits: Limits
  logs: { flushIntervalMs: number; batchSize: number }
  cache: CacheConfig
  customProviders: CustomProvidersConfig
  configFile: string | undefined
}
