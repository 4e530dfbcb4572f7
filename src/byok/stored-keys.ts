import type { Clock } from '../core/clock.js'
import type { ProviderConfigRecord, ProviderConfigStore } from '../core/stores.js'
import type { SecretVault } from '../secrets/secret-vault.js'
import { parseStoredValue, type StoredValue } from './stored-value.js'

/** A stored key chosen for one request: which config, and the decrypted value. */
export interface StoredKey {
  configId: string
  providerSlug: string
  alias: string
  value: StoredValue
  /** Vertex region chosen with the key (F228). */
  region: string | null
}

export interface StoredKeysOptions {
  configs: ProviderConfigStore
  vault: SecretVault
  clock: Clock
  /** Bounds staleness when another process changed a config; this process invalidates on its own writes. */
  ttlMs?: number
}

export const DEFAULT_ALIAS = 'default'

/**
 * The data plane's view of provider configs: per (gateway, provider) the configs are cached briefly, and
 * the admin API drops a gateway's entries on every write so rotation and deletion apply to the next
 * request (F227).
 */
export class StoredKeys {
  private readonly cache = new Map<string, { configs: ProviderConfigRecord[]; expiresAt: number }>()
  private readonly ttlMs: number

  constructor(private readonly options: StoredKeysOptions) {
    this.ttlMs = options.ttlMs ?? 30_000
  }

  /**
   * F224: the key with the requested alias; without one, the key aliased `default`, else the one marked
   * `default_config`. Undefined when the gateway stores no matching key for the provider.
   */
  async find(
    accountId: string,
    gatewayId: string,
    providerSlug: string,
    alias: string | undefined,
  ): Promise<StoredKey | undefined> {
    const configs = await this.configsFor(accountId, gatewayId, providerSlug)
    const chosen =
      alias !== undefined
        ? configs.find((config) => config.alias === alias)
        : (configs.find((config) => config.alias === DEFAULT_ALIAS) ??
          configs.find((config) => config.defaultConfig))
    if (!chosen) return undefined
    const secret = await this.options.vault.reveal(accountId, chosen.secretId)
    if (secret === undefined) return undefined
    return {
      configId: chosen.id,
      providerSlug: chosen.providerSlug,
      alias: chosen.alias,
      value: parseStoredValue(chosen.providerSlug, secret),
      region: chosen.region,
    }
  }

  invalidate(accountId: string, gatewayId: string): void {
    const prefix = `${accountId}\0${gatewayId}\0`
    for (const key of this.cache.keys()) if (key.startsWith(prefix)) this.cache.delete(key)
  }

  private async configsFor(
    accountId: string,
    gatewayId: string,
    providerSlug: string,
  ): Promise<ProviderConfigRecord[]> {
    const key = `${accountId}\0${gatewayId}\0${providerSlug}`
    const now = this.options.clock.now()
    const cached = this.cache.get(key)
    if (cached && cached.expiresAt > now) return cached.configs
    const configs = await this.options.configs.forProvider(accountId, gatewayId, providerSlug)
    this.cache.set(key, { configs, expiresAt: now + this.ttlMs })
    return configs
  }
}
