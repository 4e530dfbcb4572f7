import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { containsFolded } from '../paging.js'
import { migrate } from './migrations.js'

export interface OpenDatabaseOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number
}

/** SQL name of the case-insensitive substring test; see registerFunctions. */
export const ICONTAINS = 'aigw_icontains'

/** Opens (creating directories and file as needed) and migrates the embedded database. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const inMemory = path === ':memory:' || path === ''
  if (!inMemory) mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  try {
    // WAL lets readers (the admin API) run while the log writer commits; NORMAL is durable across
    // process crashes in WAL mode and only risks the last commits on power loss.
    if (!inMemory) db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
    db.pragma('foreign_keys = ON')
    registerFunctions(db)
    migrate(db)
    // The planner picks indexes well only with statistics (e.g. event_id lookups); a bounded ANALYZE of
    // tables that changed a lot since the last one keeps this cheap at start-up.
    db.pragma('analysis_limit = 1000')
    db.pragma('optimize = 0x10002')
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * `contains` and `search` fold case in JavaScript rather than with SQLite's ASCII-only lower(), so the
 * SQLite and memory stores agree on non-ASCII text. Numbers reach the function as numbers and are
 * rendered with String(), exactly as the memory store renders metadata values.
 */
function registerFunctions(db: Database.Database): void {
  db.function(ICONTAINS, { deterministic: true }, (haystack: unknown, needle: unknown) => {
    if (haystack === null || haystack === undefined || typeof needle !== 'string') return 0
    return containsFolded(String(haystack), needle) ? 1 : 0
  })
}
