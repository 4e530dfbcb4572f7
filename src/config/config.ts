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

export interface Config {
  host: string
  port: number
  dataDir: string
  accountId: string | undefined
  adminToken: string | undefined
  masterKey: string | undefined
  guardrailsModel: string
  /** slug → upstream base override (AIGW_UPSTREAM_<SLUG> or `upstreams:` in the file). */
  upstreams: Record<string, string>
  workersAiAccountId: string | undefined
  pricing: PriceOverride[]
  /** Gateways declared in the config file: created at start if missing, never overwritten. */
  gateways: Array<Partial<GatewaySettings> & { id: string }>
  limits: Limits
  logs: { flushIntervalMs: number; batchSize: number }
  configFile: string | undefined
}
