import type Database from 'better-sqlite3'
import type { SecretRecord, SecretStore } from '../../core/stores.js'

interface SecretRow {
  id: string
  account_id: string
  ciphertext: Buffer
  iv: Buffer
  tag: Buffer
  wrapped_key: Buffer
  key_id: string
  preview: string
  created_at: string
  updated_at: string
}

const COLUMNS = 'id, account_id, ciphertext, iv, tag, wrapped_key, key_id, preview, created_at, updated_at'

/** Ciphertext only (F223): the columns are BLOBs the master key opens; nothing here is readable without it. */
export class SqliteSecretStore implements SecretStore {
  private readonly selectOne: Database.Statement<[string, string], SecretRow>
  private readonly selectAny: Database.Statement<[], SecretRow>
  private readonly owner: Database.Statement<[string], { account_id: string }>
  private readonly upsert: Database.Statement<[SecretRow]>
  private readonly remove: Database.Statement<[string, string]>
  private readonly putChecked: Database.Transaction<(row: SecretRow) => void>

  constructor(db: Database.Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM secrets WHERE account_id = ? AND id = ?`)
    this.selectAny = db.prepare(`SELECT ${COLUMNS} FROM secrets ORDER BY id LIMIT 1`)
    this.owner = db.prepare('SELECT account_id FROM secrets WHERE id = ?')
    this.upsert = db.prepare(
      `INSERT INTO secrets (${COLUMNS}) VALUES (@id, @account_id, @ciphertext, @iv, @tag, @wrapped_key, @key_id, @preview, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET ciphertext = excluded.ciphertext, iv = excluded.iv, tag = excluded.tag,
         wrapped_key = excluded.wrapped_key, key_id = excluded.key_id, preview = excluded.preview,
         updated_at = excluded.updated_at`,
    )
    this.remove = db.prepare('DELETE FROM secrets WHERE account_id = ? AND id = ?')
    this.putChecked = db.transaction((row: SecretRow) => {
      const existing = this.owner.get(row.id)
      if (existing && existing.account_id !== row.account_id) {
        throw new Error(`Secret ${row.id} belongs to another account`)
      }
      this.upsert.run(row)
    })
  }

  async get(accountId: string, id: string): Promise<SecretRecord | undefined> {
    const row = this.selectOne.get(accountId, id)
    return row ? fromRow(row) : undefined
  }

  async put(record: SecretRecord): Promise<void> {
    this.putChecked(toRow(record))
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, id).changes > 0
  }

  async sample(): Promise<SecretRecord | undefined> {
    const row = this.selectAny.get()
    return row ? fromRow(row) : undefined
  }
}

function toRow(record: SecretRecord): SecretRow {
  return {
    id: record.id,
    account_id: record.accountId,
    ciphertext: Buffer.from(record.ciphertext),
    iv: Buffer.from(record.iv),
    tag: Buffer.from(record.tag),
    wrapped_key: Buffer.from(record.wrappedKey),
    key_id: record.keyId,
    preview: record.preview,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  }
}

function fromRow(row: SecretRow): SecretRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    ciphertext: new Uint8Array(row.ciphertext),
    iv: new Uint8Array(row.iv),
    tag: new Uint8Array(row.tag),
    wrappedKey: new Uint8Array(row.wrapped_key),
    keyId: row.key_id,
    preview: row.preview,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
