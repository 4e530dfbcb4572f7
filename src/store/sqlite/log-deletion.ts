import type Database from 'better-sqlite3'
import type { NormalizedLogQuery } from '../log-query/normalize-log-query.js'
import { logOrder, type SqlFragment } from './log-filter-sql.js'
import type { StatementCache } from './statement-cache.js'

/**
 * Deletes logs a chunk at a time, yielding to the event loop between chunks. better-sqlite3 is
 * synchronous, and one DELETE of a few million rows (every index, the bodies, the count trigger)
 * would stall every in-flight request for seconds. Each chunk is its own transaction, so a large
 * delete is not atomic: entries appended meanwhile are left alone (the scan stops at the newest row
 * that existed when the delete began), and a crash part-way leaves the rest for a retry.
 */
export class LogDeletion {
  private readonly removeOne: Database.Statement<[number]>
  private readonly newestSeq: Database.Statement<[], { seq: number | null }>
  private readonly removeAll: (seqs: number[]) => number

  constructor(
    db: Database.Database,
    private readonly dynamic: StatementCache,
    private readonly chunkRows: number,
  ) {
    this.removeOne = db.prepare('DELETE FROM logs WHERE seq = ?')
    this.newestSeq = db.prepare('SELECT max(seq) AS seq FROM logs')
    this.removeAll = db.transaction((seqs: number[]) =>
      seqs.reduce((sum, seq) => sum + this.removeOne.run(seq).changes, 0),
    )
  }

  /**
   * Every match, walked in (created_at, seq) order with a keyset cursor so each row is visited once
   * even when matches are sparse.
   */
  async all(scope: number, conditions: SqlFragment): Promise<number> {
    const newest = this.newestSeq.get()?.seq ?? null
    if (newest === null) return 0
    const sql = `SELECT logs.seq AS seq, logs.created_at AS created_at FROM logs
      WHERE logs.scope = ? AND logs.seq <= ? AND (logs.created_at, logs.seq) > (?, ?)${conditions.sql}
      ORDER BY logs.created_at ASC, logs.seq ASC LIMIT ?`
    let cursor: [number, number] = [-Number.MAX_VALUE, 0]
    let deleted = 0
    for (;;) {
      const rows = this.dynamic
        .get(sql)
        .all(scope, newest, ...cursor, ...conditions.params, this.chunkRows) as Array<{
        seq: number
        created_at: number
      }>
      deleted += this.removeAll(rows.map((r) => r.seq))
      const last = rows.at(-1)
      if (!last || rows.length < this.chunkRows) return deleted
      cursor = [last.created_at, last.seq]
      await yieldToEventLoop()
    }
  }

  /** The first `limit` matches in the query's order (F250); each chunk re-runs the ordered query. */
  async first(
    scope: number,
    order: Pick<NormalizedLogQuery, 'order' | 'direction'>,
    conditions: SqlFragment,
    limit: number,
  ): Promise<number> {
    const newest = this.newestSeq.get()?.seq ?? null
    if (newest === null) return 0
    const sql = `SELECT logs.seq AS seq FROM logs WHERE logs.scope = ? AND logs.seq <= ?${conditions.sql}
      ${logOrder(order)} LIMIT ?`
    let deleted = 0
    while (deleted < limit) {
      const want = Math.min(this.chunkRows, limit - deleted)
      const rows = this.dynamic.get(sql).all(scope, newest, ...conditions.params, want) as Array<{
        seq: number
      }>
      deleted += this.removeAll(rows.map((r) => r.seq))
      if (rows.length < want) break
      if (deleted < limit) await yieldToEventLoop()
    }
    return deleted
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
