import type { CacheEntry, CacheStore, GatewayStore } from '../core/stores.js'
import { gatewayTag, providerTag } from './cache-tags.js'
import { Coalescer } from './coalescer.js'

export interface ResponseCacheOptions {
  /** F160: larger responses stream through without being stored. */
  maxEntryBytes: number
  /** How long identical concurrent misses wait for the leader's response before calling upstream themselves. */
  coalesceWaitMs: number
}

/**
 * The data plane's view of the response cache: the store plus the in-flight table that coalesces identical
 * misses. A failing store never fails a request: a read error is a miss, a write error is logged.
 */
export class ResponseCache {
  readonly inflight = new Coalescer<CacheEntry>()

  constructor(
    readonly store: CacheStore,
    readonly options: ResponseCacheOptions,
  ) {}

  async lookup(key: string): Promise<CacheEntry | undefined> {
    try {
      return await this.store.get(key)
    } catch (error) {
      console.error('aigw: cache read failed, treating as a miss', error)
      return undefined
    }
  }

  save(key: string, entry: CacheEntry, ttlSeconds: number): void {
    this.store.set(key, entry, ttlSeconds).catch((error: unknown) => {
      console.error('aigw: cache write failed', error)
    })
  }

  /** F095: drops every entry a gateway's requests stored. */
  invalidateGateway(accountId: string, gatewayId: string): Promise<number> {
    return this.store.deleteByTag(gatewayTag(accountId, gatewayId))
  }

  /** F166: drops every entry served by a provider (a custom provider that was updated or deleted). */
  invalidateProvider(slug: string): Promise<number> {
    return this.store.deleteByTag(providerTag(slug))
  }

  /**
   * Called after the management API wrote a gateway: a deleted gateway's entries go (a new gateway with the
   * same id must not inherit them), an updated one's go when it has `cache_invalidate_on_update` (F095).
   */
  async gatewayChanged(
    gateways: Pick<GatewayStore, 'get'>,
    accountId: string,
    gatewayId: string,
  ): Promise<void> {
    const settings = await gateways.get(accountId, gatewayId)
    if (settings === undefined || settings.cache_invalidate_on_update) {
      await this.invalidateGateway(accountId, gatewayId)
    }
  }
}
