import type { Clock } from '../../core/clock.js'
import type { CacheEntry, CacheStore } from '../../core/stores.js'

export interface MemoryCacheStoreOptions {
  clock: Clock
  /** Upper bound on the bytes held (see `cacheEntrySize`); least recently used entries go first. */
  maxBytes: number
}

interface Slot {
  entry: CacheEntry
  expiresAt: number
  size: number
}

/** Fixed per-entry bookkeeping (map slots, tag sets, the entry object) so tiny entries still count. */
const ENTRY_OVERHEAD = 256

/** What an entry costs to hold: body, key, headers and tags, plus bookkeeping. */
export function cacheEntrySize(key: string, entry: CacheEntry): number {
  let size = ENTRY_OVERHEAD + entry.body.length + key.length
  for (const [name, value] of Object.entries(entry.headers)) {
    size += name.length + (Array.isArray(value) ? value.join('').length : value.length)
  }
  for (const tag of entry.tags) size += tag.length
  return size
}

/** Expired entries are dropped on access; a sweep at most this often keeps untouched ones from piling up. */
const SWEEP_INTERVAL_MS = 60_000

/**
 * A byte-bounded LRU of cached responses with per-entry expiry. A Map iterates in insertion order, so
 * re-inserting on every hit keeps the least recently used entry first.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly slots = new Map<string, Slot>()
  private readonly byTag = new Map<string, Set<string>>()
  private bytes = 0
  private lastSweep: number

  constructor(private readonly options: MemoryCacheStoreOptions) {
    this.lastSweep = options.clock.now()
  }

  /** Current occupancy, for tests and diagnostics. */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.slots.size, bytes: this.bytes }
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.getNow(key)
  }

  getNow(key: string): CacheEntry | undefined {
    const slot = this.slots.get(key)
    if (!slot) return undefined
    if (slot.expiresAt <= this.options.clock.now()) {
      this.remove(key)
      return undefined
    }
    this.slots.delete(key)
    this.slots.set(key, slot)
    return slot.entry
  }

  async set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
    this.setNow(key, entry, ttlSeconds)
  }

  /** Returns false when the entry was not kept (no TTL, or larger than the whole store). */
  setNow(key: string, entry: CacheEntry, ttlSeconds: number): boolean {
    this.remove(key)
    const now = this.options.clock.now()
    this.sweepIfDue(now)
    const size = cacheEntrySize(key, entry)
    if (!(ttlSeconds > 0) || size > this.options.maxBytes) return false
    const stored: CacheEntry = {
      status: entry.status,
      headers: entry.headers,
      body: entry.body,
      tags: [...entry.tags],
    }
    this.slots.set(key, { entry: stored, expiresAt: now + ttlSeconds * 1000, size })
    this.bytes += size
    for (const tag of stored.tags) {
      let keys = this.byTag.get(tag)
      if (!keys) this.byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    this.evict()
    return true
  }

  async delete(key: string): Promise<boolean> {
    return this.remove(key)
  }

  deleteNow(key: string): boolean {
    return this.remove(key)
  }

  async deleteByTag(tag: string): Promise<number> {
    return this.deleteByTagNow(tag)
  }

  deleteByTagNow(tag: string): number {
    const keys = this.byTag.get(tag)
    if (!keys) return 0
    let removed = 0
    for (const key of [...keys]) if (this.remove(key)) removed++
    this.byTag.delete(tag)
    return removed
  }

  private remove(key: string): boolean {
    const slot = this.slots.get(key)
    if (!slot) return false
    this.slots.delete(key)
    this.bytes -= slot.size
    for (const tag of slot.entry.tags) {
      const keys = this.byTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.byTag.delete(tag)
    }
    return true
  }

  private evict(): void {
    for (const key of this.slots.keys()) {
      if (this.bytes <= this.options.maxBytes) return
      this.remove(key)
    }
  }

  private sweepIfDue(now: number): void {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return
    this.lastSweep = now
    for (const [key, slot] of this.slots) if (slot.expiresAt <= now) this.remove(key)
  }
}
