import type Database from 'better-sqlite3'
import type { DlpProfileRecord, DlpProfileStore } from '../../core/stores.js'

interface ProfileRow {
  account_id: string
  id: string
  type: string
  created_at: string
  document: string
}

/** Each profile is one JSON document; account, id, type and creation time are columns for lookup and order. */
export class SqliteDlpProfileStore implements DlpProfileStore {
  private readonly selectAll: Database.Statement<[string], ProfileRow>
  private readonly selectOne: Database.Statement<[string, string], ProfileRow>
  private readonly insert: Database.Statement<[string, string, string, string, string]>
  private readonly replace: Database.Statement<[string, string, string, string]>
  private readonly upsert: Database.Statement<[string, string, string, string, string]>
  private readonly remove: Database.Statement<[string, string]>

  constructor(db: Database.Database) {
    const columns = 'account_id, id, type, created_at, document'
    this.selectAll = db.prepare(
      `SELECT ${columns} FROM dlp_profiles WHERE account_id = ? ORDER BY created_at ASC, id ASC`,
    )
    this.selectOne = db.prepare(`SELECT ${columns} FROM dlp_profiles WHERE account_id = ? AND id = ?`)
    this.insert = db.prepare(
      `INSERT INTO dlp_profiles (${columns}) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    this.replace = db.prepare(
      'UPDATE dlp_profiles SET type = ?, document = ? WHERE account_id = ? AND id = ?',
    )
    this.upsert = db.prepare(
      `INSERT INTO dlp_profiles (${columns}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, id) DO UPDATE SET type = excluded.type, document = excluded.document`,
    )
    this.remove = db.prepare('DELETE FROM dlp_profiles WHERE account_id = ? AND id = ?')
  }

  async list(accountId: string): Promise<DlpProfileRecord[]> {
    return this.selectAll.all(accountId).map(fromRow)
  }

  async get(accountId: string, id: string): Promise<DlpProfileRecord | undefined> {
    const row = this.selectOne.get(accountId, id)
    return row ? fromRow(row) : undefined
  }

  async create(record: DlpProfileRecord): Promise<boolean> {
    const { accountId, id, type, createdAt } = checked(record)
    return this.insert.run(accountId, id, type, createdAt, JSON.stringify(record.document)).changes === 1
  }

  async update(record: DlpProfileRecord): Promise<boolean> {
    const { accountId, id, type } = checked(record)
    return this.replace.run(type, JSON.stringify(record.document), accountId, id).changes === 1
  }

  async put(record: DlpProfileRecord): Promise<void> {
    const { accountId, id, type, createdAt } = checked(record)
    this.upsert.run(accountId, id, type, createdAt, JSON.stringify(record.document))
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, id).changes === 1
  }
}

function checked(record: DlpProfileRecord): DlpProfileRecord {
  if (record.type !== 'custom' && record.type !== 'predefined') {
    throw new Error(`DLP profile ${record.id}: type must be "custom" or "predefined"`)
  }
  return record
}

function fromRow(row: ProfileRow): DlpProfileRecord {
  return {
    accountId: row.account_id,
    id: row.id,
    type: row.type === 'predefined' ? 'predefined' : 'custom',
    createdAt: row.created_at,
    document: JSON.parse(row.document) as Record<string, unknown>,
  }
}
