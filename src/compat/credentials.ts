import type { IncomingHttpHeaders } from 'node:http'
import { applyStoredKey, vertexAccount } from '../byok/inject.js'
import { clientSentKey, settingsFor, storedKeyFor } from '../byok/request-key.js'
import type { StoredKey } from '../byok/stored-keys.js'
import { headerValue } from '../core/controls.js'
import { GatewayError } from '../core/errors.js'
import { parseVertexCredential, type ServiceAccountKey } from '../providers/auth/vertex-service-account.js'
import { injectKey, readKeyFromSlot } from '../providers/credentials.js'
import type { ProviderDescriptor, ProviderSettings } from '../providers/define.js'
import type { RequestContext } from '../pipeline/context.js'

export interface CompatCredential {
  /** Headers that carry the provider credential in the provider's own scheme. */
  headers: Record<string, string>
  /** Vertex only: the service account (project and region route the call, F020). */
  serviceAccount?: ServiceAccountKey
  /** Upstream URL settings; Workers AI's account id may come with a stored key (F022). */
  settings: ProviderSettings
}

/** Where the key is read from: the client's own headers, or a Universal `compat` step's (F035). */
export interface KeySource {
  headers: IncomingHttpHeaders
  /** Slots that held the gateway token (F018). */
  tokenSlots: readonly string[]
}

const COMPAT_SLOTS = ['authorization', 'x-api-key']

/**
 * On /compat the client sends its provider key the OpenAI way (`Authorization: Bearer`, F017); it is moved
 * to wherever the target provider expects it. When the client sent the gateway token there instead (F018),
 * or no key at all (cf-aig-authorization only, F022), the gateway's stored key is used (F223).
 */
export async function compatCredential(
  context: RequestContext,
  provider: ProviderDescriptor,
  source: KeySource = { headers: context.request.headers, tokenSlots: context.tokenSlots },
): Promise<CompatCredential> {
  const headers = source.headers
  const key = COMPAT_SLOTS.filter((slot) => !source.tokenSlots.includes(slot))
    .map((slot) => readKeyFromSlot(headers, slot))
    .find((value) => value !== undefined)
  const stored = await storedKeyFor(
    context,
    provider,
    clientSentKey(headers, COMPAT_SLOTS, source.tokenSlots),
  )
  const settings = settingsFor(context, stored)
  // A custom provider's configured headers (F009) may carry its credential; the key slots win over them.
  const extra = { ...provider.defaultHeaders }
  if (stored) return { ...(await storedCredential(context, provider, stored, extra)), settings }
  if (key === undefined) {
    if (Object.keys(extra).length > 0) return { headers: extra, settings }
    throw new GatewayError(
      'missing_provider_key',
      source.tokenSlots.length > 0
        ? `the gateway token was sent as the API key, and no stored key is configured for '${provider.slug}'`
        : `send the ${provider.name} key as "Authorization: Bearer <key>"`,
    )
  }
  if (provider.auth.type === 'vertex') return { ...(await vertexFromHeader(context, headers)), settings }
  return { headers: { ...extra, ...injectKey({}, provider.auth, key, provider.slug) }, settings }
}

async function storedCredential(
  context: RequestContext,
  provider: ProviderDescriptor,
  stored: StoredKey,
  extra: Record<string, string>,
): Promise<Omit<CompatCredential, 'settings'>> {
  const out: Record<string, string | string[]> = { ...extra }
  await applyStoredKey(context, provider, stored, out)
  const injected = out as Record<string, string>
  if (provider.auth.type !== 'vertex') return { headers: injected }
  const account = vertexAccount(stored)
  if (!account.region || !account.project_id) {
    throw new GatewayError(
      'invalid_request',
      `the stored google-vertex-ai key (alias '${stored.alias}') needs a region and the service account's project_id (F228)`,
    )
  }
  return { headers: injected, serviceAccount: account }
}

/** F020: on /compat Vertex needs the base64 service-account JSON (with "region"); a raw access token is refused. */
async function vertexFromHeader(
  context: RequestContext,
  headers: IncomingHttpHeaders,
): Promise<Omit<CompatCredential, 'settings'>> {
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
