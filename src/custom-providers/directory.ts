import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { CustomProviderRecord, CustomProviderStore } from '../core/stores.js'
import { customProviderDescriptor, CUSTOM_PREFIX } from '../providers/index.js'
import type { ProviderDescriptor } from '../providers/define.js'
import type { SecretVault } from '../secrets/secret-vault.js'

export interface CustomProviderDirectoryOptions {
  store: CustomProviderStore
  vault: SecretVault
  clock: Clock
  allowInsecureHttp: boolean
  /** Called with each descriptor's origin so the upstream pool checks its connections (DNS rebinding). */
  guardOrigin?: (origin: string) => void
  /** F166: drops the cached responses of a provider (`custom-<slug>`). */
  invalidateProvider?: (slug: string) => Promise<unknown>
  ttlMs?: number
  maxEntries?: number
}

interface Entry {
  descriptor: ProviderDescriptor | undefined
  enabled: boolean
  expiresAt: number
}

/**
 * The data plane's view of custom providers (F009, F241): `custom-{slug}` → a descriptor built from the
 * stored record, cached briefly (misses too, since slugs arrive before authentication) and dropped at
 * once by the admin API on every change (F242).
 */
export class CustomProviderDirectory {
  private readonly cache = new Map<string, Entry>()
  private readonly ttlMs: number
  private readonly maxEntries: number

  constructor(private readonly options: CustomProviderDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 30_000
    this.maxEntries = options.maxEntries ?? 10_000
  }

  /**
   * The descriptor for `slug` (without `custom-`), undefined when the account has no such provider.
   * Throws `custom_provider_disabled` for `enable: false` (F244: providers are tested before enabling).
   */
  async descriptor(accountId: string, slug: string): Promise<ProviderDescriptor | undefined> {
    const key = `${accountId}\0${slug.toLowerCase()}`
    const now = this.options.clock.now()
    let entry = this.cache.get(key)
    if (!entry || entry.expiresAt <= now) {
      entry = await this.load(accountId, slug, now)
      this.remember(key, entry)
    }
    if (entry.descriptor && !entry.enabled) {
      throw new GatewayError(
        'custom_provider_disabled',
        `custom provider '${CUSTOM_PREFIX}${slug}' has enable: false; enable it through the management API`,
      )
    }
    return entry.descriptor
  }

  /** After a create, update or delete: forget the slugs (old and new) and their cached responses (F166, F242). */
  async changed(accountId: string, slugs: readonly string[]): Promise<void> {
    for (const slug of new Set(slugs.map((s) => s.toLowerCase()))) {
      this.cache.delete(`${accountId}\0${slug}`)
      await this.options.invalidateProvider?.(`${CUSTOM_PREFIX}${slug}`)
    }
  }

  private async load(accountId: string, slug: string, now: number): Promise<Entry> {
    const record = await this.options.store.findBySlug(accountId, slug)
    const expiresAt = now + this.ttlMs
    if (!record) return { descriptor: undefined, enabled: false, expiresAt }
    return { descriptor: await this.build(record), enabled: record.enable, expiresAt }
  }

  private async build(record: CustomProviderRecord): Promise<ProviderDescriptor> {
    const base = new URL(record.baseUrl)
    if (base.protocol === 'http:' && !this.options.allowInsecureHttp) {
      throw new GatewayError(
        'forbidden_target',
        `custom provider '${CUSTOM_PREFIX}${record.slug}' uses http://, which this gateway does not allow (custom_providers.allow_insecure_http)`,
      )
    }
    this.options.guardOrigin?.(base.origin)
    const descriptor = customProviderDescriptor(record.slug.toLowerCase(), record.baseUrl)
    const headers = await this.extraHeaders(record)
    return { ...descriptor, name: record.name, ...(headers ? { defaultHeaders: headers } : {}) }
  }

  /** The `headers` field is stored encrypted because its values may be credentials. */
  private async extraHeaders(record: CustomProviderRecord): Promise<Record<string, string> | undefined> {
    if (record.headersSecretId === null) return undefined
    const text = await this.options.vault.reveal(record.accountId, record.headersSecretId)
    if (text === undefined) {
      throw new GatewayError('internal', `custom provider '${record.slug}': its stored headers are missing`)
    }
    const parsed = JSON.parse(text) as Record<string, string>
    return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name.toLowerCase(), value]))
  }

  private remember(key: string, entry: Entry): void {
    this.cache.delete(key)
    this.cache.set(key, entry)
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next()
      if (!oldest.done) this.cache.delete(oldest.value)
    }
  }
}
