import type Database from 'better-sqlite3'
import type {
  Page,
  ProviderConfigRecord,
  ProviderConfigStore,
  ProviderConfigUpdate,
} from '../../core/stores.js'
import { checkPage } from '../paging.js'

interface ConfigRow {
  id: string
  account_id: string
  gateway_id: string
  provider_slug: string
  alias: string
  default_config: number
  secret_id: string
  secret_preview: string
  rate_limit: number | null
  rate_limit_period: number | null
  description: string | null
  region: string | null
  created_at: string
  modified_at: string
  last_used_at: string | null
  last_status: number | null
}

const COLUMNS = [
  'id',
  'account_id',
  'gateway_id',
  'provider_slug',
  'alias',
  'default_config',
  'secret_id',
  'secret_preview',
  'rate_limit',
  'rate_limit_period',
  'description',
  'region',
  'created_at',
  'modified_at',
  'last_used_at',
  'last_status',
]
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM provider_configs`
const ORDER = 'ORDER BY created_at ASC, id ASC'

export class SqliteProviderConfigStore implements ProviderConfigStore {
  private readonly selectPage: Database.Statement<[string, string, number, number], ConfigRow>
  private readonly count: Database.Statement<[string, string], { n: number }>
  private readonly selectOne: Database.Statement<[string, string, string], ConfigRow>
  private readonly selectProvider: Database.Statement<[string, string, string], ConfigRow>
  private readonly selectGateway: Database.Statement<[string, string], ConfigRow>
  private readonly insert: Database.Statement<[ConfigRow]>
  private readonly replace: Database.Statement<[ConfigRow]>
  private readonly remove: Database.Statement<[string, string, string]>
  private readonly removeGateway: Database.Statement<[string, string]>
  private readonly secretUse: Database.Statement<[string, string], { found: number }>
  private readonly markUsed: Database.Statement<[string, number, string]>
  private readonly readPage: (
    accountId: string,
    gatewayId: string,
    limit: number,
    offset: number,
  ) => Page<ProviderConfigRecord>
  private readonly takeGateway: (accountId: string, gatewayId: string) => ProviderConfigRecord[]

  constructor(db: Database.Database) {
    const scope = 'account_id = ? AND gateway_id = ?'
    this.selectPage = db.prepare(`${SELECT} WHERE ${scope} ${ORDER} LIMIT ? OFFSET ?`)
    this.count = db.prepare(`SELECT count(*) AS n FROM provider_configs WHERE ${scope}`)
    this.selectOne = db.prepare(`${SELECT} WHERE ${scope} AND id = ?`)
    this.selectProvider = db.prepare(`${SELECT} WHERE ${scope} AND provider_slug = ? ${ORDER}`)
    this.selectGateway = db.prepare(`${SELECT} WHERE ${scope} ${ORDER}`)
    const values = COLUMNS.map((column) => `@${column}`).join(', ')
    this.insert = db.prepare(
      `INSERT INTO provider_configs (${COLUMNS.join(', ')}) VALUES (${values}) ON CONFLICT (account_id, gateway_id, provider_slug, alias) DO NOTHING`,
    )
    const assignments = COLUMNS.filter((c) => !['id', 'account_id', 'gateway_id'].includes(c))
      .map((column) => `${column} = @${column}`)
      .join(', ')
    this.replace = db.prepare(
      `UPDATE provider_configs SET ${assignments} WHERE id = @id AND account_id = @account_id AND gateway_id = @gateway_id`,
    )
    this.remove = db.prepare(`DELETE FROM provider_configs WHERE ${scope} AND id = ?`)
    this.removeGateway = db.prepare(`DELETE FROM provider_configs WHERE ${scope}`)
    this.secretUse = db.prepare(
      'SELECT EXISTS (SELECT 1 FROM provider_configs WHERE account_id = ? AND secret_id = ?) AS found',
    )
    this.markUsed = db.prepare('UPDATE provider_configs SET last_used_at = ?, last_status = ? WHERE id = ?')
    this.readPage = db.transaction((accountId: string, gatewayId: string, limit: number, offset: number) => ({
      items: this.selectPage.all(accountId, gatewayId, limit, offset).map(fromRow),
      total: this.count.get(accountId, gatewayId)?.n ?? 0,
    }))
    this.takeGateway = db.transaction((accountId: string, gatewayId: string) => {
      const doomed = this.selectGateway.all(accountId, gatewayId).map(fromRow)
      this.removeGateway.run(accountId, gatewayId)
      return doomed
    })
  }

  async list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<ProviderConfigRecord>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    return this.readPage(accountId, gatewayId, perPage, offset)
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<ProviderConfigRecord | undefined> {
    const row = this.selectOne.get(accountId, gatewayId, id)
    return row ? fromRow(row) : undefined
  }

  async forProvider(
    accountId: string,
    gatewayId: string,
    providerSlug: string,
  ): Promise<ProviderConfigRecord[]> {
    return this.selectProvider.all(accountId, gatewayId, providerSlug).map(fromRow)
  }

  async create(record: ProviderConfigRecord): Promise<boolean> {
    try {
      return this.insert.run(toRow(record)).changes > 0
    } catch (error) {
      if (isConstraint(error)) throw new Error(`Provider config ${record.id} already exists`)
      throw error
    }
  }

  async update(record: ProviderConfigRecord): Promise<ProviderConfigUpdate> {
    try {
      return this.replace.run(toRow(record)).changes > 0 ? 'updated' : 'not_found'
    } catch (error) {
      if (isConstraint(error)) return 'alias_taken'
      throw error
    }
  }

  async delete(accountId: string, gatewayId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, gatewayId, id).changes > 0
  }

  async deleteGateway(accountId: string, gatewayId: string): Promise<ProviderConfigRecord[]> {
    return this.takeGateway(accountId, gatewayId)
  }

  async referencesSecret(accountId: string, secretId: string): Promise<boolean> {
    return (this.secretUse.get(accountId, secretId)?.found ?? 0) === 1
  }

  async touch(id: string, at: string, status: number): Promise<void> {
    this.markUsed.run(at, status, id)
  }
}

function isConstraint(error: unknown): boolean {
  return (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true
}

function toRow(record: ProviderConfigRecord): ConfigRow {
  return {
    id: record.id,
    account_id: record.accountId,
    gateway_id: record.gatewayId,
    provider_slug: record.providerSlug,
    alias: record.alias,
    default_config: record.defaultConfig ? 1 : 0,
    secret_id: record.secretId,
    secret_preview: record.secretPreview,
    rate_limit: record.rateLimit,
    rate_limit_period: record.rateLimitPeriod,
    description: record.description,
    region: record.region,
    created_at: record.createdAt,
    modified_at: record.modifiedAt,
    last_used_at: record.lastUsedAt,
    last_status: record.lastStatus,
  }
}

function fromRow(row: ConfigRow): ProviderConfigRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    gatewayId: row.gateway_id,
    providerSlug: row.provider_slug,
    alias: row.alias,
    defaultConfig: row.default_config === 1,
    secretId: row.secret_id,
    secretPreview: row.secret_preview,
    rateLimit: row.rate_limit,
    rateLimitPeriod: row.rate_limit_period,
    description: row.description,
    region: row.region,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    lastUsedAt: row.last_used_at,
    lastStatus: row.last_status,
  }
}
