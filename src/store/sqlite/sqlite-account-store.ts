import type Database from 'better-sqlite3'
import type { Account, AccountStore } from '../../core/stores.js'

interface AccountRow {
  id: string
  created_at: string
}

export class SqliteAccountStore implements AccountStore {
  private readonly selectOne: Database.Statement<[string], AccountRow>
  private readonly selectAll: Database.Statement<[], AccountRow>
  private readonly insert: Database.Statement<[string, string]>

  constructor(db: Database.Database) {
    this.selectOne = db.prepare('SELECT id, created_at FROM accounts WHERE id = ?')
    this.selectAll = db.prepare('SELECT id, created_at FROM accounts ORDER BY created_at ASC, id ASC')
    this.insert = db.prepare('INSERT INTO accounts (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
  }

  async get(id: string): Promise<Account | undefined> {
    const row = this.selectOne.get(id)
    return row ? fromRow(row) : undefined
  }

  async list(): Promise<Account[]> {
    return this.selectAll.all().map(fromRow)
  }

  async create(account: Account): Promise<void> {
    if (this.insert.run(account.id, account.createdAt).changes === 0) {
      throw new Error(`Account ${account.id} already exists`)
    }
  }
}

function fromRow(row: AccountRow): Account {
  return { id: row.id, createdAt: row.created_at }
}
