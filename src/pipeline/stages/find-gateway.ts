import { GatewayError } from '../../core/errors.js'
import type { RequestContext } from '../context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/** Unknown account or gateway → 404 (F034); a missing `default` is left for `authenticate` to create (F089). */
export async function findGateway(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  const { gateways } = context.services
  if (!(await gateways.accountExists(context.accountId))) {
    throw new GatewayError('account_not_found', `no account '${context.accountId}' on this gateway`)
  }
  context.gateway = await gateways.get(context.accountId, context.gatewayId)
  if (context.gateway === undefined && context.gatewayId !== 'default') {
    throw new GatewayError(
      'gateway_not_found',
      `no gateway '${context.gatewayId}' in this account; create it first (F091)`,
    )
  }
  return next()
}
