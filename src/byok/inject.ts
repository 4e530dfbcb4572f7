import { GatewayError } from '../core/errors.js'
import type { RequestContext } from '../pipeline/context.js'
import type { ServiceAccountKey } from '../providers/auth/vertex-service-account.js'
import { injectKey, keySlots } from '../providers/credentials.js'
import type { ProviderDescriptor } from '../providers/define.js'
import type { StoredKey } from './stored-keys.js'

/**
 * The headers that carry a stored key upstream, in the provider's own scheme (Cohere `Token`, Anthropic
 * `x-api-key`, Google `x-goog-api-key`, …); Vertex service accounts become a minted access token (F033).
 */
export async function storedKeyHeaders(
  context: RequestContext,
  provider: ProviderDescriptor,
  key: StoredKey,
): Promise<Record<string, string>> {
  const value = key.value
  if (value.kind === 'vertex') {
    const token = await context.services.vertex.accessToken(vertexAccount(key))
    return { authorization: `Bearer ${token}` }
  }
  const secret = value.kind === 'workers-ai' ? value.apiToken : value.key
  return injectKey({}, provider.auth, secret, provider.slug)
}

/** Replaces every key slot of the provider in `headers` with the stored key (neither gateway token nor stale key travels). */
export async function applyStoredKey(
  context: RequestContext,
  provider: ProviderDescriptor,
  key: StoredKey,
  headers: Record<string, string | string[]>,
): Promise<void> {
  const injected = await storedKeyHeaders(context, provider, key)
  for (const slot of keySlots(provider.auth, provider.slug)) delete headers[slot]
  Object.assign(headers, injected)
}

/** F228: the region chosen with the key wins over a `region` inside the JSON. */
export function vertexAccount(key: StoredKey): ServiceAccountKey {
  if (key.value.kind !== 'vertex') {
    throw new GatewayError('internal', `stored key ${key.configId} is not a Vertex service account`)
  }
  return key.region ? { ...key.value.account, region: key.region } : key.value.account
}
