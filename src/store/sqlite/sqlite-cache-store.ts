import type Database from 'better-sqlite3'
import type { Clock } from '../../core/clock.js'
import type { CacheEntry, CacheStore } from '../../core/stores.js'
import { cacheEntrySize, MemoryCacheStore } from '../memory/memory-cache-store.js'

export interface SqliteCacheStoreOptions {
  clock: Clock
  /** Bound of the in-memory LRU that holds entries below `thresholdBytes`. */
  memoryBytes: number
  /** Entries of at least this size live in SQLite (and survive restarts); smaller ones in memory only. */
  thresholdBytes: number
  /** Bound of the on-disk part; least recently used rows go first. */
  diskBytes: number
}

interface Row {
  status: number
  headers: string
  body: Buffer
  tags: string
}

const SWEEP_INTERVAL_MS = 60_000

function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string, number], Row>(
      'SELECT status, headers, body, tags FROM cache_entries WHERE key = ? AND expires_at > ?',
    ),
    touch: db.prepare<[number, string]>('UPDATE cache_entries SET used_seq = ? WHERE key = ?'),
    upsert: db.prepare<[string, number, string, Buffer, string, number, number, number]>(
      `INSERT INTO cache_entries (key, status, headers, body, tags, size, expires_at, used_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertTag: db.prepare<[string, string]>('INSERT OR IGNORE INTO cache_tags (tag, key) VALUES (?, ?)'),
    delete: db.prepare<[string], { size: number }>('DELETE FROM cache_entries WHERE key = ? RETURNING size'),
    deleteByTag: db.prepare<[string], { size: number }>(
      `DELETE FROM cache_entries WHERE key IN (SELECT key FROM cache_tags WHERE tag = ?) RETURNING size`,
    ),
    deleteExpired: db.prepare<[number], { size: number }>(
      'DELETE FROM cache_entries WHERE expires_at <= ? RETURNING size',
    ),
    oldest: db.prepare<[], { key: string; size: number }>(
      'SELECT key, size FROM cache_entries ORDER BY used_seq LIMIT 64',
    ),
    total: db.prepare<[], { bytes: number }>('SELECT total(size) AS bytes FROM cache_entries'),
    lastUse: db.prepare<[], { seq: number | null }>('SELECT max(used_seq) AS seq FROM cache_entries'),
  }
}

type Statements = ReturnType<typeof prepare>

/**
 * The embedded cache: a byte-bounded memory LRU for the many small responses, SQLite for the large ones
 * (long completions, images), which would otherwise crowd dozens of small entries out of memory and are the
 * ones worth keeping across a restart. A key lives in exactly one tier at a time.
 */
export class SqliteCacheStore implements CacheStore {
  private readonly memory: MemoryCacheStore
  private diskUsed: number
  private useSeq: number
  private lastSweep: number
  private readonly statements: Statements

  constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteCacheStoreOptions,
  ) {
    this.memory = new MemoryCacheStore({ clock: options.clock, maxBytes: options.memoryBytes })
    this.statements = prepare(db)
    this.diskUsed = 0
    this.lastSweep = options.clock.now()
    this.sweep(this.lastSweep)
    this.diskUsed = this.statements.total.get()?.bytes ?? 0
    this.useSeq = this.statements.lastUse.get()?.seq ?? 0
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const inMemory = this.memory.getNow(key)
    if (inMemory) return inMemory
    const now = this.options.clock.now()
    const row = this.statements.get.get(key, now)
    if (!row) return undefined
    this.statements.touch.run(++this.useSeq, key)
    return {
      status: row.status,
      headers: JSON.parse(row.headers) as CacheEntry['headers'],
      body: row.body,
      tags: JSON.parse(row.tags) as string[],
    }
  }

  async set(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
    const now = this.options.clock.now()
    this.sweepIfDue(now)
    const size = cacheEntrySize(key, entry)
    if (size < this.options.thresholdBytes) {
      this.deleteRow(key)
      this.memory.setNow(key, entry, ttlSeconds)
      return
    }
    this.memory.deleteNow(key)
    this.deleteRow(key)
    if (!(ttlSeconds > 0) || size > this.options.diskBytes) return
    const write = this.db.transaction(() => {
      this.statements.upsert.run(
        key,
        entry.status,
        JSON.stringify(entry.headers),
        entry.body,
        JSON.stringify(entry.tags),
        size,
        now + ttlSeconds * 1000,
        ++this.useSeq,
      )
      for (const tag of entry.tags) this.statements.insertTag.run(tag, key)
    })
    write()
    this.diskUsed += size
    this.evictDisk()
  }

  async delete(key: string): Promise<boolean> {
    const inMemory = this.memory.deleteNow(key)
    return this.deleteRow(key) || inMemory
  }

  async deleteByTag(tag: string): Promise<number> {
    const fromMemory = this.memory.deleteByTagNow(tag)
    const rows = this.statements.deleteByTag.all(tag)
    this.forget(rows)
    return fromMemory + rows.length
  }

  private deleteRow(key: string): boolean {
    const rows = this.statements.delete.all(key)
    this.forget(rows)
    return rows.length > 0
  }

  private forget(rows: Array<{ size: number }>): void {
    for (const row of rows) this.diskUsed -= row.size
  }

  private evictDisk(): void {
    while (this.diskUsed > this.options.diskBytes) {
      let removed = false
      for (const victim of this.statements.oldest.all()) {
        if (this.diskUsed <= this.options.diskBytes) return
        removed = this.deleteRow(victim.key) || removed
      }
      // Another process sharing the file may have changed the table: resync rather than loop forever.
      if (!removed) {
        this.diskUsed = this.statements.total.get()?.bytes ?? 0
        if (this.statements.oldest.all().length === 0) return
      }
    }
  }

  private sweepIfDue(now: number): void {
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep(now)
  }

  private sweep(now: number): void {
    this.lastSweep = now
    this.forget(this.statements.deleteExpired.all(now))
  }
}
