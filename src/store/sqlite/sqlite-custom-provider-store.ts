import type Database from 'better-sqlite3'
import type {
  CustomProviderOrderKey,
  CustomProviderQuery,
  CustomProviderRecord,
  CustomProviderStore,
  CustomProviderUpdate,
  Page,
} from '../../core/stores.js'
import { checkPage } from '../paging.js'
import { ICONTAINS } from './open-database.js'
import { StatementCache } from './statement-cache.js'

interface ProviderRow {
  id: string
  account_id: string
  name: string
  slug: string
  slug_folded: string
  base_url: string
  description: string | null
  link: string | null
  enable: number
  beta: number
  curl_example: string | null
  js_example: string | null
  position: number | null
  headers_secret_id: string | null
  headers_preview: string | null
  logo: string
  created_at: number
  modified_at: number
}

const COLUMNS = [
  'id',
  'account_id',
  'name',
  'slug',
  'slug_folded',
  'base_url',
  'description',
  'link',
  'enable',
  'beta',
  'curl_example',
  'js_example',
  'position',
  'headers_secret_id',
  'headers_preview',
  'logo',
  'created_at',
  'modified_at',
]
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM custom_providers`

const ORDER_COLUMNS: Record<CustomProviderOrderKey, string> = {
  name: 'name',
  slug: 'slug',
  created_at: 'created_at',
  modified_at: 'modified_at',
  position: 'position',
}

export class SqliteCustomProviderStore implements CustomProviderStore {
  private readonly statements: StatementCache
  private readonly selectOne: Database.Statement<[string, string], ProviderRow>
  private readonly selectSlug: Database.Statement<[string, string], ProviderRow>
  private readonly insert: Database.Statement<[ProviderRow]>
  private readonly replace: Database.Statement<[ProviderRow]>
  private readonly remove: Database.Statement<[string, string]>
  private readonly readPage: (
    sql: string,
    countSql: string,
    params: unknown[],
    limit: number,
    offset: number,
  ) => Page<CustomProviderRecord>

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db, 32)
    this.selectOne = db.prepare(`${SELECT} WHERE account_id = ? AND id = ?`)
    this.selectSlug = db.prepare(`${SELECT} WHERE account_id = ? AND slug_folded = ?`)
    const values = COLUMNS.map((column) => `@${column}`).join(', ')
    this.insert = db.prepare(
      `INSERT INTO custom_providers (${COLUMNS.join(', ')}) VALUES (${values}) ON CONFLICT (account_id, slug_folded) DO NOTHING`,
    )
    const assignments = COLUMNS.filter((c) => c !== 'id' && c !== 'account_id')
      .map((column) => `${column} = @${column}`)
      .join(', ')
    this.replace = db.prepare(
      `UPDATE custom_providers SET ${assignments} WHERE id = @id AND account_id = @account_id`,
    )
    this.remove = db.prepare('DELETE FROM custom_providers WHERE account_id = ? AND id = ?')
    this.readPage = db.transaction(
      (sql: string, countSql: string, params: unknown[], limit: number, offset: number) => ({
        items: (this.statements.get(sql).all(...params, limit, offset) as ProviderRow[]).map(fromRow),
        total: (this.statements.get(countSql).get(...params) as { n: number } | undefined)?.n ?? 0,
      }),
    )
  }

  async list(accountId: string, query: CustomProviderQuery): Promise<Page<CustomProviderRecord>> {
    const { offset, perPage } = checkPage(query.page, query.perPage)
    const where = ['account_id = ?']
    const params: unknown[] = [accountId]
    if (query.enable !== undefined) {
      where.push('enable = ?')
      params.push(query.enable ? 1 : 0)
    }
    if (query.beta !== undefined) {
      where.push('beta = ?')
      params.push(query.beta ? 1 : 0)
    }
    const needle = query.search?.toLowerCase()
    if (needle !== undefined && needle !== '') {
      where.push(`(${ICONTAINS}(id, ?) OR ${ICONTAINS}(name, ?) OR ${ICONTAINS}(slug, ?))`)
      params.push(needle, needle, needle)
    }
    const column = ORDER_COLUMNS[query.orderBy]
    const direction = query.direction === 'desc' ? 'DESC' : 'ASC'
    // Unset positions sort last in either direction, as in the memory backend.
    const nulls = query.orderBy === 'position' ? 'position IS NULL, ' : ''
    const filter = where.join(' AND ')
    const sql = `${SELECT} WHERE ${filter} ORDER BY ${nulls}${column} ${direction}, name ASC, id ASC LIMIT ? OFFSET ?`
    const countSql = `SELECT count(*) AS n FROM custom_providers WHERE ${filter}`
    return this.readPage(sql, countSql, params, perPage, offset)
  }

  async get(accountId: string, id: string): Promise<CustomProviderRecord | undefined> {
    const row = this.selectOne.get(accountId, id)
    return row ? fromRow(row) : undefined
  }

  async findBySlug(accountId: string, slug: string): Promise<CustomProviderRecord | undefined> {
    const row = this.selectSlug.get(accountId, slug.toLowerCase())
    return row ? fromRow(row) : undefined
  }

  async create(record: CustomProviderRecord): Promise<boolean> {
    try {
      return this.insert.run(toRow(record)).changes > 0
    } catch (error) {
      if (isConstraint(error)) throw new Error(`Custom provider ${record.id} already exists`)
      throw error
    }
  }

  async update(record: CustomProviderRecord): Promise<CustomProviderUpdate> {
    try {
      return this.replace.run(toRow(record)).changes > 0 ? 'updated' : 'not_found'
    } catch (error) {
      if (isConstraint(error)) return 'slug_taken'
      throw error
    }
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, id).changes > 0
  }
}

function isConstraint(error: unknown): boolean {
  return (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true
}

function toRow(record: CustomProviderRecord): ProviderRow {
  return {
    id: record.id,
    account_id: record.accountId,
    name: record.name,
    slug: record.slug,
    slug_folded: record.slug.toLowerCase(),
    base_url: record.baseUrl,
    description: record.description,
    link: record.link,
    enable: record.enable ? 1 : 0,
    beta: record.beta ? 1 : 0,
    curl_example: record.curlExample,
    js_example: record.jsExample,
    position: record.position,
    headers_secret_id: record.headersSecretId,
    headers_preview: record.headersPreview,
    logo: record.logo,
    created_at: record.createdAt,
    modified_at: record.modifiedAt,
  }
}

function fromRow(row: ProviderRow): CustomProviderRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    slug: row.slug,
    baseUrl: row.base_url,
    description: row.description,
    link: row.link,
    enable: row.enable === 1,
    beta: row.beta === 1,
    curlExample: row.curl_example,
    jsExample: row.js_example,
    position: row.position,
    headersSecretId: row.headers_secret_id,
    headersPreview: row.headers_preview,
    logo: row.logo,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  }
}
