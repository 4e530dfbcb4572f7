import type Database from 'better-sqlite3'

/**
 * Prepared statements for SQL whose text depends on the query's shape (which filters, which order).
 * Shapes repeat (the dashboard sends the same few), so each is compiled once; the bound keeps a
 * stream of unusual shapes from growing memory without limit.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(
    private readonly db: Database.Database,
    private readonly capacity = 256,
  ) {}

  get(sql: string): Database.Statement {
    const cached = this.statements.get(sql)
    if (cached) {
      // Re-insert to mark as recently used; Map iteration order is insertion order.
      this.statements.delete(sql)
      this.statements.set(sql, cached)
      return cached
    }
    const statement = this.db.prepare(sql)
    this.statements.set(sql, statement)
    if (this.statements.size > this.capacity) {
      const oldest = this.statements.keys().next()
      if (!oldest.done) this.statements.delete(oldest.value)
    }
    return statement
  }
}
