import type { IncomingHttpHeaders } from 'node:http'
import type { CreditLedger } from '../billing/credit-ledger.js'
import type { StoredKey, StoredKeys } from '../byok/stored-keys.js'
import { GatewayError } from '../core/errors.js'
import type { GatewaySettings } from '../core/gateway-settings.js'
import { injectKey, keySlots, readKeyFromSlot } from '../providers/credentials.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { rawQuery } from './query.js'
import type { RealtimeSpec } from './realtime-targets.js'
import type { OfferedEntry } from './subprotocols.js'

export interface RealtimeKeyDeps {
  storedKeys?: Pick<StoredKeys, 'find'>
  credits?: Pick<CreditLedger, 'assertCanSpend'>
}

export interface RealtimeKeyRequest {
  accountId: string
  gatewayId: string
  gateway: GatewaySettings
  provider: ProviderDescriptor
  spec: RealtimeSpec
  headers: IncomingHttpHeaders
  offered: readonly OfferedEntry[]
  search: string
  /** `cf-aig-byok-alias` (F224). */
  alias: string | undefined
}

/** Whether the client brought its own provider key: a key header, a key subprotocol entry or a key query parameter. */
export function clientSentRealtimeKey(request: RealtimeKeyRequest): boolean {
  const { provider, spec } = request
  if (
    keySlots(provider.auth, provider.slug).some(
      (slot) => readKeyFromSlot(request.headers, slot) !== undefined,
    )
  ) {
    return true
  }
  const entries = [...(spec.keyEntry ? [spec.keyEntry] : []), ...(spec.clientKeyIn?.protocols ?? [])]
  if (request.offered.some((entry) => entries.includes(entry.name))) return true
  const query = rawQuery(request.search)
  return (spec.clientKeyIn?.query ?? []).some((name) => (query.get(name) ?? '') !== '')
}

/**
 * F058: a realtime session may use the gateway's stored key for its provider (BYOK), with the same rules as
 * HTTP: a key the client sent wins (refused on a `byok_only` gateway), `cf-aig-byok-alias` must name a
 * stored key, and stored keys need credit (F231). The session is always token-authenticated (F047).
 */
export async function storedRealtimeKey(
  deps: RealtimeKeyDeps,
  request: RealtimeKeyRequest,
): Promise<StoredKey | undefined> {
  const { gateway, provider } = request
  if (clientSentRealtimeKey(request)) {
    if (gateway.byok_only) {
      throw new GatewayError(
        'provider_key_not_allowed',
        `gateway '${request.gatewayId}' is byok_only: send only cf-aig-authorization and let the gateway use its stored ${provider.name} key`,
      )
    }
    return undefined
  }
  if (!deps.storedKeys) return undefined
  const key = await deps.storedKeys.find(request.accountId, request.gatewayId, provider.slug, request.alias)
  if (!key) {
    if (request.alias !== undefined || gateway.byok_only) {
      throw new GatewayError(
        'missing_provider_key',
        request.alias !== undefined
          ? `no stored ${provider.name} key with alias '${request.alias}' on gateway '${request.gatewayId}' (cf-aig-byok-alias, F224)`
          : `gateway '${request.gatewayId}' is byok_only and stores no ${provider.name} key`,
      )
    }
    return undefined
  }
  await deps.credits?.assertCanSpend(request.accountId)
  return key
}

/** The stored key in the provider's own scheme, replacing every key slot already in `headers`. */
export function applyStoredRealtimeKey(
  headers: Record<string, string | string[]>,
  provider: ProviderDescriptor,
  key: StoredKey,
): void {
  const value = key.value
  if (value.kind === 'vertex') {
    throw new GatewayError('internal', `stored key ${key.configId} is a service account, not a realtime key`)
  }
  for (const slot of keySlots(provider.auth, provider.slug)) delete headers[slot]
  Object.assign(
    headers,
    injectKey({}, provider.auth, value.kind === 'workers-ai' ? value.apiToken : value.key, provider.slug),
  )
}
