import { bareToken } from '../../auth/api-tokens.js'
import { headerValue } from '../../core/controls.js'
import { GatewayError } from '../../core/errors.js'
import { keySlots, readKeyFromSlot } from '../../providers/credentials.js'
import type { RequestContext } from '../context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/** Where a client may put the gateway token instead of a provider key, by entry kind (F018, F083). */
function tokenSlotsFor(context: RequestContext): string[] {
  const entry = context.entry
  if (entry?.kind === 'provider') return keySlots(entry.provider.auth, entry.provider.slug)
  if (entry?.kind === 'compat') return ['authorization', 'x-api-key']
  return []
}

/**
 * F078–F088: `cf-aig-authorization` (with or without `Bearer `) or the gateway's own token in a provider key
 * slot. A slot that held our token is remembered so it is never forwarded upstream; a stored key takes its place.
 */
export async function authenticate(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  const { tokens } = context.services
  const headers = context.request.headers
  const explicit = bareToken(headerValue(headers, 'cf-aig-authorization'))
  if (explicit && (await tokens.verify(explicit, context.accountId, 'run'))) context.authenticated = true

  for (const slot of tokenSlotsFor(context)) {
    const value = readKeyFromSlot(headers, slot)
    if (value && (await tokens.verify(value, context.accountId, 'run'))) {
      context.authenticated = true
      context.tokenSlots.push(slot)
    }
  }

  if (context.gateway === undefined) {
    // Only `default` reaches here (findGateway); F089: unauthenticated requests must not create it.
    if (!context.authenticated) {
      throw new GatewayError(
        'unauthorized',
        'the default gateway is created by the first authenticated request',
      )
    }
    context.gateway = await context.services.gateways.createDefault(context.accountId)
  }
  if (context.gateway.authentication && !context.authenticated) {
    throw new GatewayError(
      'unauthorized',
      explicit ? 'invalid cf-aig-authorization token' : 'missing cf-aig-authorization header',
    )
  }
  return next()
}
