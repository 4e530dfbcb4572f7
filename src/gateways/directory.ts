import type { Clock } from '../core/clock.js'
import { defaultGatewaySettings, type GatewaySettings } from '../core/gateway-settings.js'
import type { AccountStore, GatewayStore } from '../core/stores.js'

interface Cached<T> {
  value: T
  at: number
}

/**
 * The data plane's read-through view of accounts and gateway settings. Settings are cached per process so a
 * request costs no store round trip; writes through the management API invalidate at once, and `ttlMs` bounds
 * how stale a copy may get when another process changed the store.
 */
export class GatewayDirectory {
  private readonly gatewayCache = new Map<string, Cached<GatewaySettings | undefined>>()
  private readonly accountCache = new Map<string, Cached<boolean>>()

  constructor(
    private readonly stores: { accounts: AccountStore; gateways: GatewayStore },
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  async accountExists(accountId: string): Promise<boolean> {
    const now = this.clock.now()
    const hit = this.accountCache.get(accountId)
    if (hit && now - hit.at < this.ttlMs) return hit.value
    const exists = (await this.stores.accounts.get(accountId)) !== undefined
    this.remember(this.accountCache, accountId, exists, now)
    return exists
  }

  async get(accountId: string, gatewayId: string): Promise<GatewaySettings | undefined> {
    const key = `${accountId}/${gatewayId}`
    const now = this.clock.now()
    const hit = this.gatewayCache.get(key)
    if (hit && now - hit.at < this.ttlMs) return hit.value
    const settings = await this.stores.gateways.get(accountId, gatewayId)
    this.remember(this.gatewayCache, key, settings, now)
    return settings
  }

  /** F089/F090: the first authenticated request to `default` creates it; a concurrent creator may win the race. */
  async createDefault(accountId: string): Promise<GatewaySettings> {
    const settings = defaultGatewaySettings(new Date(this.clock.now()).toISOString())
    const created = await this.stores.gateways.create(accountId, settings)
    this.invalidate(accountId, 'default')
    if (created) return settings
    const existing = await this.get(accountId, 'default')
    if (!existing) throw new Error('default gateway vanished while being created')
    return existing
  }

  invalidate(accountId: string, gatewayId: string): void {
    this.gatewayCache.delete(`${accountId}/${gatewayId}`)
  }

  private remember<T>(cache: Map<string, Cached<T>>, key: string, value: T, at: number): void {
    if (cache.size > 50_000) cache.clear()
    cache.set(key, { value, at })
  }
}
