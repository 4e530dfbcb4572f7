import { GatewayError } from '../../core/errors.js'
import type { RequestContext } from '../context.js'
import type { Reply } from '../exchange.js'
import { callProvider } from '../provider-call.js'

/** Last request stage: hands the request to the entry's handler (the route interpreter grows here). */
export async function route(context: RequestContext): Promise<Reply> {
  const entry = context.entry
  if (entry?.kind === 'provider') return callProvider(context, entry.provider, entry.rest)
  if (entry?.kind === 'compat') {
    throw new GatewayError('not_found', `no /compat endpoint '${entry.endpoint}'`)
  }
  throw new GatewayError('not_implemented', 'the Universal endpoint is not available yet')
}
