import type { Clock } from '../../core/clock.js'
import type { DlpProfileStore } from '../../core/stores.js'
import type { DlpProfileDocument } from './profile-documents.js'
import { buildProfileSet, type ProfileSet } from './profile-set.js'

interface Cached {
  set: ProfileSet
  at: number
}

/**
 * The data plane's compiled view of each account's DLP profiles (F214): built once per account and reused,
 * so a request pays no store read and no regex compilation. Management writes invalidate at once; `ttlMs`
 * bounds staleness when another process changed the store.
 */
export class DlpProfileDirectory {
  private readonly cache = new Map<string, Cached>()
  private readonly loading = new Map<string, Promise<ProfileSet>>()

  constructor(
    private readonly store: DlpProfileStore | undefined,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  async profiles(accountId: string): Promise<ProfileSet> {
    const hit = this.cache.get(accountId)
    if (hit && this.clock.now() - hit.at < this.ttlMs) return hit.set
    const pending = this.loading.get(accountId)
    if (pending) return pending
    const load = this.load(accountId).finally(() => this.loading.delete(accountId))
    this.loading.set(accountId, load)
    return load
  }

  invalidate(accountId: string): void {
    this.cache.delete(accountId)
  }

  private async load(accountId: string): Promise<ProfileSet> {
    const at = this.clock.now()
    const records = this.store ? await this.store.list(accountId) : []
    const set = buildProfileSet(records.map((record) => record.document as unknown as DlpProfileDocument))
    for (const problem of set.problems) console.warn(`aigw: ${problem}`)
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(accountId, { set, at })
    return set
  }
}
