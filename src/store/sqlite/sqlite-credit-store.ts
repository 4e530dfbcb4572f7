import type Database from 'better-sqlite3'
import type { CreditBalance, CreditEntry, CreditStore, Page } from '../../core/stores.js'
import { checkPage } from '../paging.js'

interface EntryRow {
  id: string
  account_id: string
  kind: 'credit' | 'spend'
  amount_nanos: number
  at: number
  log_id: string | null
  note: string | null
}

/** The ledger plus a running balance per account, both written in one transaction. */
export class SqliteCreditStore implements CreditStore {
  private readonly insert: Database.Statement<[EntryRow]>
  private readonly addToBalance: Database.Statement<[string, number]>
  private readonly selectBalance: Database.Statement<[string], { nanos: number; entries: number }>
  private readonly history: Database.Statement<
    [{ from: number; to: number; bucket: number; account: string }],
    { start: number; nanos: number }
  >
  private readonly selectPage: Database.Statement<[string, number, number], EntryRow>
  private readonly count: Database.Statement<[string], { n: number }>
  private readonly appendAll: (rows: EntryRow[]) => void
  private readonly readPage: (accountId: string, limit: number, offset: number) => Page<CreditEntry>

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO credit_ledger (id, account_id, kind, amount_nanos, at, log_id, note)
       VALUES (@id, @account_id, @kind, @amount_nanos, @at, @log_id, @note) ON CONFLICT (id) DO NOTHING`,
    )
    this.addToBalance = db.prepare(
      `INSERT INTO credit_balances (account_id, nanos, entries) VALUES (?, ?, 1)
       ON CONFLICT (account_id) DO UPDATE SET nanos = nanos + excluded.nanos, entries = entries + 1`,
    )
    this.selectBalance = db.prepare('SELECT nanos, entries FROM credit_balances WHERE account_id = ?')
    this.history = db.prepare(
      `SELECT @from + ((at - CAST(@from AS INTEGER)) / CAST(@bucket AS INTEGER)) * @bucket AS start, -sum(amount_nanos) AS nanos
       FROM credit_ledger WHERE account_id = @account AND kind = 'spend' AND at >= @from AND at < @to
       GROUP BY start ORDER BY start`,
    )
    this.selectPage = db.prepare(
      `SELECT id, account_id, kind, amount_nanos, at, log_id, note FROM credit_ledger
       WHERE account_id = ? ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`,
    )
    this.count = db.prepare('SELECT count(*) AS n FROM credit_ledger WHERE account_id = ?')
    this.appendAll = db.transaction((rows: EntryRow[]) => {
      for (const row of rows) {
        if (this.insert.run(row).changes > 0) this.addToBalance.run(row.account_id, row.amount_nanos)
      }
    })
    this.readPage = db.transaction((accountId: string, limit: number, offset: number) => ({
      items: this.selectPage.all(accountId, limit, offset).map(fromRow),
      total: this.count.get(accountId)?.n ?? 0,
    }))
  }

  async append(entries: CreditEntry[]): Promise<void> {
    for (const entry of entries) {
      if (!Number.isSafeInteger(entry.amountNanos)) {
        throw new Error(`Credit entry ${entry.id}: amountNanos must be a safe integer`)
      }
      if (!Number.isSafeInteger(entry.at))
        throw new Error(`Credit entry ${entry.id}: at must be whole Unix ms`)
    }
    this.appendAll(entries.map(toRow))
  }

  async balance(accountId: string): Promise<CreditBalance> {
    const row = this.selectBalance.get(accountId)
    return row ? { nanos: row.nanos, entries: row.entries } : { nanos: 0, entries: 0 }
  }

  async spendHistory(
    accountId: string,
    range: { from: number; to: number; bucketMs: number },
  ): Promise<Array<{ start: number; nanos: number }>> {
    return this.history.all({ from: range.from, to: range.to, bucket: range.bucketMs, account: accountId })
  }

  async list(accountId: string, paging: { page: number; perPage: number }): Promise<Page<CreditEntry>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    return this.readPage(accountId, perPage, offset)
  }
}

function toRow(entry: CreditEntry): EntryRow {
  return {
    id: entry.id,
    account_id: entry.accountId,
    kind: entry.kind,
    amount_nanos: entry.amountNanos,
    at: entry.at,
    log_id: entry.logId,
    note: entry.note,
  }
}

function fromRow(row: EntryRow): CreditEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    amountNanos: row.amount_nanos,
    at: row.at,
    logId: row.log_id,
    note: row.note,
  }
}
