import { GatewayError } from '../../core/errors.js'
import { CUSTOM_PREFIX, providerBySlug, type ProviderDescriptor } from '../../providers/index.js'
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
  const provider = providerBySlug(slug) ?? (await customProvider(context, slug))
  if (!provider) {
    throw new GatewayError(
      'unknown_provider',
      `'${decodeSafely(slug)}' is not a provider slug; see GET /v1/{account}/{gateway}/compat/v1/models or the README for the list`,
    )
  }
  context.entry = { kind: 'provider', provider, rest }
  return next()
}

/** F009/F241: `custom-{slug}` names one of the account's custom providers. */
async function customProvider(
  context: RequestContext,
  slug: string,
): Promise<ProviderDescriptor | undefined> {
  const directory = context.services.customProviders
  if (!directory || !slug.toLowerCase().startsWith(CUSTOM_PREFIX)) return undefined
  const provider = await directory.descriptor(
    context.accountId,
    decodeSafely(slug.slice(CUSTOM_PREFIX.length)),
  )
  if (!provider) {
    throw new GatewayError(
      'unknown_provider',
      `no custom provider '${decodeSafely(slug)}' in this account (F241: create it under /ai-gateway/custom-providers)`,
    )
  }
  return provider
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value).slice(0, 64)
  } catch {
    return value.slice(0, 64)
  }
}
