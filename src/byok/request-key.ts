import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from '../core/errors.js'
import type { RequestContext } from '../pipeline/context.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { readKeyFromSlot } from '../providers/credentials.js'
import type { ProviderSettings } from '../providers/define.js'
import type { StoredKey } from './stored-keys.js'

/** Whether the client put a provider key of its own in one of `slots` (the gateway token does not count). */
export function clientSentKey(
  headers: IncomingHttpHeaders,
  slots: readonly string[],
  tokenSlots: readonly string[],
): boolean {
  return slots.some((slot) => !tokenSlots.includes(slot) && readKeyFromSlot(headers, slot) !== undefined)
}

/**
 * Decides whether this request uses a stored key (F223, F224) and returns it:
 * - a provider key sent by the client wins (key-in-request mode), unless the gateway is `byok_only`, which
 *   refuses such requests (403, 2050);
 * - otherwise the key stored for (gateway, provider, `cf-aig-byok-alias` or `default`) is used, provided the
 *   request proved a gateway token (F086) and the account has credit left (F231; 402, 2051).
 * Undefined means: no stored key applies, send what the client sent.
 */
export async function storedKeyFor(
  context: RequestContext,
  provider: ProviderDescriptor,
  clientKey: boolean,
): Promise<StoredKey | undefined> {
  const gateway = context.gateway
  if (clientKey) {
    if (gateway?.byok_only) {
      throw new GatewayError(
        'provider_key_not_allowed',
        `gateway '${context.gatewayId}' is byok_only: send only cf-aig-authorization and let the gateway use its stored ${provider.name} key`,
      )
    }
    return undefined
  }
  const keys = context.services.storedKeys
  if (!keys || provider.auth.type === 'signed-passthrough') return undefined
  const alias = context.controls?.byokAlias
  const key = await keys.find(context.accountId, context.gatewayId, provider.slug, alias)
  if (!key) {
    if (alias !== undefined) {
      throw new GatewayError(
        'missing_provider_key',
        `no stored ${provider.name} key with alias '${alias}' on gateway '${context.gatewayId}' (cf-aig-byok-alias, F224)`,
      )
    }
    if (gateway?.byok_only) {
      throw new GatewayError(
        'missing_provider_key',
        `gateway '${context.gatewayId}' is byok_only and stores no ${provider.name} key`,
      )
    }
    return undefined
  }
  if (!context.authenticated) {
    throw new GatewayError(
      'missing_provider_key',
      'stored provider keys are only used for requests authenticated with cf-aig-authorization (F086)',
    )
  }
  await context.services.credits?.assertCanSpend(context.accountId)
  context.storedKey = { configId: key.configId, providerSlug: key.providerSlug, alias: key.alias }
  return key
}

/** Provider settings for the upstream URL: Workers AI's account id may come with its stored key (F022). */
export function settingsFor(context: RequestContext, key: StoredKey | undefined): ProviderSettings {
  const configured = context.services.config.workersAiAccountId
  const stored = key?.value.kind === 'workers-ai' ? key.value.accountId : undefined
  const accountId = stored ?? configured
  return accountId === undefined ? {} : { workersAiAccountId: accountId }
}
