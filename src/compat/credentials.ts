import { headerValue } from '../core/controls.js'
import { GatewayError } from '../core/errors.js'
import { parseVertexCredential, type ServiceAccountKey } from '../providers/auth/vertex-service-account.js'
import { injectKey, readKeyFromSlot } from '../providers/credentials.js'
import type { ProviderDescriptor } from '../providers/define.js'
import type { RequestContext } from '../pipeline/context.js'

export interface CompatCredential {
  /** Headers that carry the provider credential in the provider's own scheme. */
  headers: Record<string, string>
  /** Vertex only: the service account (project and region route the call, F020). */
  serviceAccount?: ServiceAccountKey
}

/**
 * On /compat the client sends its provider key the OpenAI way (`Authorization: Bearer`, F017); it is moved
 * to wherever the target provider expects it. When that slot held the gateway's own token instead (F018),
 * a stored key is required (BYOK).
 */
export async function compatCredential(
  context: RequestContext,
  provider: ProviderDescriptor,
): Promise<CompatCredential> {
  const headers = context.request.headers
  const usedGatewayToken = context.tokenSlots.length > 0
  const key = usedGatewayToken
    ? undefined
    : (readKeyFromSlot(headers, 'authorization') ?? readKeyFromSlot(headers, 'x-api-key'))
  if (key === undefined) {
    throw new GatewayError(
      'missing_provider_key',
      usedGatewayToken
        ? `the gateway token was sent as the API key, and no stored key is configured for '${provider.slug}'`
        : `send the ${provider.name} key as "Authorization: Bearer <key>"`,
    )
  }
  if (provider.auth.type === 'vertex') {
    // F020: on /compat Vertex needs the base64 service-account JSON (with "region"); a raw access token is refused.
    const account = parseVertexCredential(headerValue(headers, 'authorization'))
    if (!account) {
      throw new GatewayError(
        'invalid_request',
        'google-vertex-ai on /compat needs "Authorization: Bearer <base64 service-account JSON with a region key>"',
      )
    }
    if (!account.region || !account.project_id) {
      throw new GatewayError(
        'invalid_request',
        'the Vertex service-account JSON needs "project_id" and "region"',
      )
    }
    const token = await context.services.vertex.accessToken(account)
    return { headers: { authorization: `Bearer ${token}` }, serviceAccount: account }
  }
  return { headers: injectKey({}, provider.auth, key, provider.slug) }
}
