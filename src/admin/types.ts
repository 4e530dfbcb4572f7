import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from '../core/clock.js'
import type { Stores } from '../core/stores.js'
import type { TokenVerifier } from '../auth/api-tokens.js'

/** A management API call, already split off `/client/v4`; the http layer owns sockets and body reading. */
export interface AdminRequest {
  method: string
  /** Path after `/client/v4`, e.g. `/accounts/abc/ai-gateway/gateways/my-gw`. Not decoded. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Raw body bytes (empty for GET/DELETE without body). */
  body: Buffer
}

export interface AdminResponse {
  status: number
  /** JSON-serialised as is (Cloudflare v4 envelope), or a string sent as text/plain for body downloads. */
  body: unknown
  headers?: Record<string, string>
}

export interface AdminDeps {
  stores: Pick<Stores, 'accounts' | 'gateways' | 'tokens' | 'logs'>
  tokens: TokenVerifier
  clock: Clock
  /** Called after any gateway create/update/delete so the data plane's settings cache drops its copy. */
  onGatewayChanged(accountId: string, gatewayId: string): void
}

export type AdminHandler = (request: AdminRequest) => Promise<AdminResponse>
