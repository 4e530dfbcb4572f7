import { GatewayError } from '../../core/errors.js'
import { providerBySlug } from '../../providers/index.js'
import type { RequestContext } from '../context.js'
import type { Next } from '../compose.js'
import type { Reply } from '../exchange.js'

/** `/{provider}/…`, `/compat/…` or nothing (Universal, F006); both trailing-slash forms route alike (F008). */
export async function parseEntry(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  const tail = context.tail
  if (tail === '' || tail === '/') {
    context.requestType = 'universal'
    context.entry = { kind: 'universal' }
    return next()
  }
  const slash = tail.indexOf('/', 1)
  const slug = slash === -1 ? tail.slice(1) : tail.slice(1, slash)
  const rest = slash === -1 ? '' : tail.slice(slash)
  if (slug === 'compat') {
    context.requestType = 'compat'
    context.entry = { kind: 'compat', endpoint: rest.replace(/^\/+|\/+$/g, '') }
    return next()
  }
  const provider = providerBySlug(slug)
  if (!provider) {
    throw new GatewayError(
      'unknown_provider',
      `'${decodeSafely(slug)}' is not a provider slug; see GET /v1/{account}/{gateway}/compat/v1/models or the README for the list`,
    )
  }
  context.entry = { kind: 'provider', provider, rest }
  return next()
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value).slice(0, 64)
  } catch {
    return value.slice(0, 64)
  }
}
