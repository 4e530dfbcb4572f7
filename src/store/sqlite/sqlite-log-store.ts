import type Database from 'better-sqlite3'
import type { LogEntry, LogPatch, LogQuery } from '../../core/log-entry.js'
import type { LogStore, Page } from '../../core/stores.js'
import { logOrderKeys } from '../log-query/log-filter-keys.js'
import { type NormalizedLogQuery, normalizeLogQuery } from '../log-query/normalize-log-query.js'
import { validateLogEntry, validateLogPatch } from '../log-query/validate-log-entry.js'
import { logConditions, logOrder, type SqlFragment, type SqlParam } from './log-filter-sql.js'
import {
  fromRow,
  LOG_INSERT_SQL,
  LOG_SELECT_COLUMNS,
  type LogInsertParams,
  type LogRow,
  toInsertParams,
} from './log-row.js'
import { LogDeletion } from './log-deletion.js'
import { StatementCache } from './statement-cache.js'

const OPTIMIZE_EVERY_ROWS = 50_000
const NO_CONDITIONS: SqlFragment = { sql: '', params: [] }

export interface SqliteLogStoreOptions {
  /** Rows deleted per transaction before yielding to the event loop (see LogDeletion). */
  deleteChunkRows?: number
}

type BodyRow = LogRow & { body_request: Uint8Array | null; body_response: Uint8Array | null }

interface PatchParams {
  scope: number
  id: string
  set_feedback: number
  feedback: number | null
  set_score: number
  score: number | null
  set_metadata: number
  metadata: string | null
}

export class SqliteLogStore implements LogStore {
  private appendedSinceOptimize = 0
  /** (account, gateway) → scope. Scopes are never deleted, so a cached id stays valid. */
  private readonly scopes = new Map<string, number>()
  private readonly dynamic: StatementCache
  private readonly findScope: Database.Statement<[string, string], { scope: number }>
  private readonly createScope: Database.Statement<[string, string]>
  private readonly insert: Database.Statement<[LogInsertParams]>
  private readonly insertBodies: Database.Statement<[number, Uint8Array | null, Uint8Array | null]>
  private readonly selectOne: Database.Statement<[number, string], BodyRow>
  private readonly update: Database.Statement<[PatchParams]>
  private readonly countScope: Database.Statement<[number], { log_count: number }>
  private readonly deletion: LogDeletion
  private readonly insertAll: (rows: Array<{ params: LogInsertParams; entry: LogEntry }>) => void
  /** Rows and total read in one transaction so they agree while the log writer appends. */
  private readonly readPage: (scope: number, query: NormalizedLogQuery) => { rows: LogRow[]; total: number }

  constructor(
    private readonly db: Database.Database,
    options: SqliteLogStoreOptions = {},
  ) {
    this.dynamic = new StatementCache(db)
    this.deletion = new LogDeletion(
      db,
      this.dynamic,
      Math.max(1, Math.trunc(options.deleteChunkRows ?? 2000)),
    )
    this.findScope = db.prepare('SELECT scope FROM log_scopes WHERE account_id = ? AND gateway_id = ?')
    this.createScope = db.prepare(
      'INSERT INTO log_scopes (account_id, gateway_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
    )
    this.insert = db.prepare(LOG_INSERT_SQL)
    this.insertBodies = db.prepare('INSERT INTO log_bodies (log_seq, request, response) VALUES (?, ?, ?)')
    this.selectOne = db.prepare(
      `SELECT ${LOG_SELECT_COLUMNS}, b.request AS body_request, b.response AS body_response
       FROM logs LEFT JOIN log_bodies AS b ON b.log_seq = logs.seq WHERE logs.scope = ? AND logs.id = ?`,
    )
    this.update = db.prepare(
      `UPDATE logs SET
         feedback = CASE WHEN @set_feedback THEN @feedback ELSE feedback END,
         score = CASE WHEN @set_score THEN @score ELSE score END,
         metadata = CASE WHEN @set_metadata THEN @metadata ELSE metadata END
       WHERE scope = @scope AND id = @id`,
    )
    this.countScope = db.prepare('SELECT log_count FROM log_scopes WHERE scope = ?')
    this.insertAll = db.transaction((rows: Array<{ params: LogInsertParams; entry: LogEntry }>) => {
      for (const { params, entry } of rows) {
        const result = this.insert.run(params)
        // changes is 0 when the id already exists: append is idempotent so a retried batch is harmless.
        if (result.changes === 1 && (entry.requestBody !== null || entry.responseBody !== null)) {
          this.insertBodies.run(Number(result.lastInsertRowid), entry.requestBody, entry.responseBody)
        }
      }
    })
    this.readPage = db.transaction((scope: number, query: NormalizedLogQuery) => {
      const conditions = logConditions(query)
      const rows = this.selectRows(scope, query, conditions)
      const total = conditions.sql === '' ? this.countOf(scope) : this.countRows(scope, conditions)
      return { rows, total }
    })
  }

  async append(entries: LogEntry[]): Promise<void> {
    entries.forEach(validateLogEntry)
    // Scopes are created outside the batch transaction so a rolled-back batch cannot leave a cached
    // scope id that was never committed.
    const rows = entries.map((entry) => ({
      entry,
      params: toInsertParams(entry, this.scopeOf(entry.accountId, entry.gatewayId, true)),
    }))
    this.insertAll(rows)
    this.appendedSinceOptimize += rows.length
    if (this.appendedSinceOptimize >= OPTIMIZE_EVERY_ROWS) {
      this.appendedSinceOptimize = 0
      // Refreshes planner statistics once the table has grown enough to matter (a no-op otherwise).
      this.db.pragma('optimize')
    }
  }

  async list(query: LogQuery): Promise<Page<LogEntry>> {
    const normalized = normalizeLogQuery(query)
    const scope = this.scopeOf(query.accountId, query.gatewayId, false)
    if (scope === undefined) return { items: [], total: 0 }
    const { rows, total } = this.readPage(scope, normalized)
    return { items: rows.map((row) => fromRow(row, query.accountId, query.gatewayId, null)), total }
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<LogEntry | undefined> {
    const scope = this.scopeOf(accountId, gatewayId, false)
    const row = scope === undefined ? undefined : this.selectOne.get(scope, id)
    if (!row) return undefined
    return fromRow(row, accountId, gatewayId, {
      request: bytes(row.body_request),
      response: bytes(row.body_response),
    })
  }

  async patch(accountId: string, gatewayId: string, id: string, patch: LogPatch): Promise<boolean> {
    validateLogPatch(patch)
    const scope = this.scopeOf(accountId, gatewayId, false)
    if (scope === undefined) return false
    const result = this.update.run({
      scope,
      id,
      set_feedback: patch.feedback === undefined ? 0 : 1,
      feedback: patch.feedback ?? null,
      set_score: patch.score === undefined ? 0 : 1,
      score: patch.score ?? null,
      set_metadata: patch.metadata === undefined ? 0 : 1,
      metadata: patch.metadata === undefined ? null : JSON.stringify(patch.metadata),
    })
    return result.changes === 1
  }

  async delete(query: LogQuery): Promise<number> {
    const normalized = normalizeLogQuery(query)
    const scope = this.scopeOf(query.accountId, query.gatewayId, false)
    if (scope === undefined) return 0
    const conditions = logConditions(normalized)
    return normalized.limit === null
      ? this.deletion.all(scope, conditions)
      : this.deletion.first(scope, normalized, conditions, normalized.limit)
  }

  async count(accountId: string, gatewayId: string): Promise<number> {
    const scope = this.scopeOf(accountId, gatewayId, false)
    return scope === undefined ? 0 : this.countOf(scope)
  }

  async deleteOldest(accountId: string, gatewayId: string, count: number): Promise<number> {
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`deleteOldest: count must be a non-negative integer`)
    const scope = this.scopeOf(accountId, gatewayId, false)
    if (scope === undefined || count === 0) return 0
    return this.deletion.first(
      scope,
      { order: logOrderKeys.created_at, direction: 'asc' },
      NO_CONDITIONS,
      count,
    )
  }

  private selectRows(scope: number, query: NormalizedLogQuery, conditions: SqlFragment): LogRow[] {
    const sql = `SELECT ${LOG_SELECT_COLUMNS} FROM logs WHERE logs.scope = ?${conditions.sql} ${logOrder(query)} LIMIT ? OFFSET ?`
    const params: SqlParam[] = [scope, ...conditions.params, query.perPage, query.offset]
    return this.dynamic.get(sql).all(...params) as LogRow[]
  }

  private countRows(scope: number, conditions: SqlFragment): number {
    const sql = `SELECT count(*) AS n FROM logs WHERE logs.scope = ?${conditions.sql}`
    const row = this.dynamic.get(sql).get(scope, ...conditions.params) as { n: number } | undefined
    return row?.n ?? 0
  }

  private countOf(scope: number): number {
    return this.countScope.get(scope)?.log_count ?? 0
  }

  private scopeOf(accountId: string, gatewayId: string, create: true): number
  private scopeOf(accountId: string, gatewayId: string, create: false): number | undefined
  private scopeOf(accountId: string, gatewayId: string, create: boolean): number | undefined {
    const key = `${accountId}\u0000${gatewayId}`
    const cached = this.scopes.get(key)
    if (cached !== undefined) return cached
    if (create) this.createScope.run(accountId, gatewayId)
    const scope = this.findScope.get(accountId, gatewayId)?.scope
    if (scope === undefined) {
      if (create) throw new Error(`Could not create log scope for ${accountId}/${gatewayId}`)
      return undefined
    }
    this.scopes.set(key, scope)
    return scope
  }
}

/** A plain Uint8Array view (not a Buffer), so both backends hand out the same type. */
function bytes(value: Uint8Array | null): Uint8Array | null {
  return value === null ? null : new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}
