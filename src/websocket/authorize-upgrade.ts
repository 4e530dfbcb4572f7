import type { IncomingHttpHeaders } from 'node:http'
import { bareToken } from '../auth/api-tokens.js'
import { headerValue } from '../core/controls.js'
import { GatewayError } from '../core/errors.js'
import type { GatewaySettings } from '../core/gateway-settings.js'
import type { Services } from '../pipeline/context.js'
import { entryValue, GATEWAY_AUTH_ENTRY, type OfferedEntry } from './subprotocols.js'

export type UpgradeServices = Pick<Services, 'gateways' | 'tokens'>

export interface AuthorizedUpgrade {
  gateway: GatewaySettings
  /** The verified gateway token, bare; non-realtime frames are run with it as their outer credential. */
  token: string
}

/**
 * The checks an HTTP request gets (F034 404s, F089 default gateway), done before the handshake completes so
 * a failure is an ordinary HTTP status. F047/F057/F058: a WebSocket always needs a token with `run`
 * permission, in the `cf-aig-authorization` header (with or without `Bearer `, F064) or as the
 * `cf-aig-authorization.<token>` subprotocol entry, even on a gateway whose `authentication` is off:
 * a long-lived socket is never anonymous (docs/decisions, WebSockets).
 */
export async function authorizeUpgrade(
  services: UpgradeServices,
  accountId: string,
  gatewayId: string,
  headers: IncomingHttpHeaders,
  offered: readonly OfferedEntry[],
): Promise<AuthorizedUpgrade> {
  const { gateways, tokens } = services
  if (!(await gateways.accountExists(accountId))) {
    throw new GatewayError('account_not_found', `no account '${accountId}' on this gateway`)
  }
  const existing = await gateways.get(accountId, gatewayId)
  if (existing === undefined && gatewayId !== 'default') {
    throw new GatewayError(
      'gateway_not_found',
      `no gateway '${gatewayId}' in this account; create it first (F091)`,
    )
  }
  const candidates = [
    bareToken(headerValue(headers, GATEWAY_AUTH_ENTRY)),
    entryValue(offered, GATEWAY_AUTH_ENTRY),
  ]
  let token: string | undefined
  for (const candidate of candidates) {
    if (candidate && (await tokens.verify(candidate, accountId, 'run'))) {
      token = candidate
      break
    }
  }
  if (token === undefined) {
    const sent = candidates.some((candidate) => candidate !== undefined && candidate !== '')
    throw new GatewayError(
      'unauthorized',
      sent
        ? 'invalid cf-aig-authorization token (WebSockets need a token with Run permission)'
        : `WebSockets need a token with Run permission: send the cf-aig-authorization header or offer the subprotocol '${GATEWAY_AUTH_ENTRY}.<token>'`,
    )
  }
  const gateway = existing ?? (await gateways.createDefault(accountId))
  return { gateway, token }
}
