import { billingRoutes } from '../admin/billing.js'
import { customProviderRoutes } from '../admin/custom-providers.js'
import { providerConfigRoutes } from '../admin/provider-configs.js'
import type { Route } from '../admin/router.js'
import { CreditLedger } from '../billing/credit-ledger.js'
import { SpendRecorder } from '../billing/spend-recorder.js'
import type { Config } from '../config/config.js'
import type { Clock } from '../core/clock.js'
import type { Usage } from '../core/log-entry.js'
import type { Stores } from '../core/stores.js'
import { AddressPolicy } from '../custom-providers/address-policy.js'
import { CustomProviderDirectory } from '../custom-providers/directory.js'
import { GuardedUpstream } from '../custom-providers/guarded-upstream.js'
import type { RequestEvents } from '../pipeline/events.js'
import type { VertexTokenMinter } from '../providers/auth/vertex-service-account.js'
import { loadMasterKey } from '../secrets/master-key.js'
import { SecretVault } from '../secrets/secret-vault.js'
import type { UpstreamClient } from '../upstream/client.js'
import { KeyUsageRecorder } from './key-usage-recorder.js'
import { StoredKeys } from './stored-keys.js'

export interface KeyServicesInput {
  config: Config
  stores: Stores
  clock: Clock
  /** The shared upstream pool; custom-provider origins are routed around it through a checked pool. */
  upstream: UpstreamClient
  vertex: VertexTokenMinter
  events: RequestEvents
  cost: (provider: string, model: string, usage: Usage) => number | undefined
  /** F166: drops a provider's cached responses (the response cache's `invalidateProvider`). */
  invalidateProvider: (slug: string) => Promise<unknown>
}

/** Composition of stored keys, custom providers and credits for app.ts (one place instead of twenty lines there). */
export interface KeyServices {
  storedKeys: StoredKeys
  customProviders: CustomProviderDirectory
  credits: CreditLedger
  /** Use this instead of the shared pool: it checks custom-provider connections (DNS rebinding). */
  upstream: UpstreamClient
  /** Management routes for `createAdminApi(deps, routes)`. */
  routes: Route[]
  notices: string[]
  /** Call from the admin API's `onGatewayChanged`: a deleted gateway takes its stored keys with it. */
  gatewayChanged(accountId: string, gatewayId: string): Promise<void>
  /** Writes pending spends and key-usage times (shutdown, tests). */
  flush(): Promise<void>
}

export async function createKeyServices(input: KeyServicesInput): Promise<KeyServices> {
  const { config, stores, clock } = input
  const { masterKey, notices } = loadMasterKey({ configured: config.masterKey, dataDir: config.dataDir })
  const vault = new SecretVault({ store: stores.secrets, masterKey, clock })
  await vault.verifyMasterKey()
  const storedKeys = new StoredKeys({ configs: stores.providerConfigs, vault, clock })
  const addresses = new AddressPolicy(config.customProviders)
  const upstream = new GuardedUpstream({ base: input.upstream, policy: addresses })
  const customProviders = new CustomProviderDirectory({
    store: stores.customProviders,
    vault,
    clock,
    allowInsecureHttp: config.customProviders.allowInsecureHttp,
    guardOrigin: (origin) => upstream.guard(origin),
    invalidateProvider: input.invalidateProvider,
  })
  const credits = new CreditLedger({ store: stores.credits, clock })
  const flushIntervalMs = config.logs.flushIntervalMs
  const spends = new SpendRecorder({ ledger: credits, cost: input.cost, flushIntervalMs })
  const keyUsage = new KeyUsageRecorder({ configs: stores.providerConfigs, flushIntervalMs })
  input.events.onRequestEnd(spends.accept)
  input.events.onRequestEnd(keyUsage.accept)

  const keysChanged = (accountId: string, gatewayId: string) => {
    storedKeys.invalidate(accountId, gatewayId)
    // F227: a rotated Vertex service account must not keep serving the old account's cached tokens.
    input.vertex.clear()
  }
  const routes = [
    ...providerConfigRoutes({ configs: stores.providerConfigs, vault, onChanged: keysChanged }),
    ...customProviderRoutes({
      store: stores.customProviders,
      vault,
      baseUrl: { addresses, allowInsecureHttp: config.customProviders.allowInsecureHttp },
      onChanged: (accountId, slugs) => customProviders.changed(accountId, slugs),
    }),
    ...billingRoutes({ ledger: credits, store: stores.credits }),
  ]
  return {
    storedKeys,
    customProviders,
    credits,
    upstream,
    routes,
    notices,
    async gatewayChanged(accountId, gatewayId) {
      if (await stores.gateways.get(accountId, gatewayId)) return
      const removed = await stores.providerConfigs.deleteGateway(accountId, gatewayId)
      for (const config of removed) {
        if (!(await stores.providerConfigs.referencesSecret(accountId, config.secretId))) {
          await vault.delete(accountId, config.secretId)
        }
      }
      if (removed.length > 0) keysChanged(accountId, gatewayId)
    },
    async flush() {
      await Promise.all([spends.flush(), keyUsage.flush()])
    },
  }
}
