import type Database from 'better-sqlite3'
import type { ApiToken, Permission, TokenStore } from '../../core/stores.js'

interface TokenRow {
  id: string
  account_id: string
  name: string
  hash: string
  preview: string
  permissions: string
  created_at: string
  last_used_at: string | null
  expires_at: string | null
}

const COLUMNS = 'id, account_id, name, hash, preview, permissions, created_at, last_used_at, expires_at'

export class SqliteTokenStore implements TokenStore {
  private readonly byHash: Database.Statement<[string], TokenRow>
  private readonly byAccount: Database.Statement<[string], TokenRow>
  private readonly exists: Database.Statement<[string, string], { id: string }>
  private readonly insert: Database.Statement<[TokenRow]>
  private readonly remove: Database.Statement<[string, string]>
  private readonly markUsed: Database.Statement<[string, string]>
  private readonly insertChecked: Database.Transaction<(row: TokenRow) => void>

  constructor(db: Database.Database) {
    this.byHash = db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ?`)
    this.byAccount = db.prepare(
      `SELECT ${COLUMNS} FROM api_tokens WHERE account_id = ? ORDER BY created_at ASC, id ASC`,
    )
    this.exists = db.prepare('SELECT id FROM api_tokens WHERE id = ? OR hash = ?')
    this.insert = db.prepare(
      `INSERT INTO api_tokens (${COLUMNS}) VALUES (@id, @account_id, @name, @hash, @preview, @permissions, @created_at, @last_used_at, @expires_at)`,
    )
    this.remove = db.prepare('DELETE FROM api_tokens WHERE account_id = ? AND id = ?')
    this.markUsed = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')
    // Checked inside the write transaction so the error can say which constraint a duplicate hit.
    this.insertChecked = db.transaction((row: TokenRow) => {
      const clash = this.exists.get(row.id, row.hash)
      if (clash) {
        throw new Error(
          clash.id === row.id
            ? `Token ${row.id} already exists`
            : 'A token with the same hash already exists',
        )
      }
      this.insert.run(row)
    })
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.byHash.get(hash)
    return row ? fromRow(row) : undefined
  }

  async list(accountId: string): Promise<ApiToken[]> {
    return this.byAccount.all(accountId).map(fromRow)
  }

  async create(token: ApiToken): Promise<void> {
    this.insertChecked.immediate({
      id: token.id,
      account_id: token.accountId,
      name: token.name,
      hash: token.hash,
      preview: token.preview,
      permissions: JSON.stringify(token.permissions),
      created_at: token.createdAt,
      last_used_at: token.lastUsedAt,
      expires_at: token.expiresAt,
    })
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, id).changes === 1
  }

  async touch(id: string, at: string): Promise<void> {
    this.markUsed.run(at, id)
  }
}

function fromRow(row: TokenRow): ApiToken {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    hash: row.hash,
    preview: row.preview,
    permissions: JSON.parse(row.permissions) as Permission[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  }
}
