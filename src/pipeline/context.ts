import type { Clock } from '../core/clock.js'
import type { Controls } from '../core/controls.js'
import type { GatewaySettings } from '../core/gateway-settings.js'
import type { IdFactory } from '../core/ids.js'
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
import type { AttemptRecord } from './record.js'

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
  warnings: string[]
  /** Response headers every reply carries (F306: ids on failures too). */
  readonly replyHeaders: Record<string, string>
}
