import type Database from 'better-sqlite3'
import type { GatewaySettings } from '../../core/gateway-settings.js'
import type { GatewayListQuery, GatewayStore, Page } from '../../core/stores.js'
import { checkPage } from '../paging.js'
import { validateGatewaySettings } from '../validate-gateway.js'
import { ICONTAINS } from './open-database.js'

interface SettingsRow {
  settings: string
}

/** Each gateway is one JSON document; id, account and creation time are columns for lookup and order. */
export class SqliteGatewayStore implements GatewayStore {
  private readonly selectOne: Database.Statement<[string, string], SettingsRow>
  private readonly selectPage: Database.Statement<[string, string, string, number, number], SettingsRow>
  private readonly countMatching: Database.Statement<[string, string, string], { n: number }>
  private readonly insert: Database.Statement<[string, string, string, string]>
  private readonly replace: Database.Statement<[string, string, string, string]>
  private readonly remove: Database.Statement<[string, string]>
  private readonly readPage: (
    accountId: string,
    needle: string,
    limit: number,
    offset: number,
  ) => Page<GatewaySettings>

  constructor(db: Database.Database) {
    // `? = ''` lets one statement serve both the plain and the searched list.
    const matching = `account_id = ? AND (? = '' OR ${ICONTAINS}(id, ?))`
    this.selectOne = db.prepare('SELECT settings FROM gateways WHERE account_id = ? AND id = ?')
    this.selectPage = db.prepare(
      `SELECT settings FROM gateways WHERE ${matching} ORDER BY created_at ASC, id ASC LIMIT ? OFFSET ?`,
    )
    this.countMatching = db.prepare(`SELECT count(*) AS n FROM gateways WHERE ${matching}`)
    this.insert = db.prepare(
      'INSERT INTO gateways (account_id, id, created_at, settings) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    this.replace = db.prepare(
      'UPDATE gateways SET created_at = ?, settings = ? WHERE account_id = ? AND id = ?',
    )
    this.remove = db.prepare('DELETE FROM gateways WHERE account_id = ? AND id = ?')
    this.readPage = db.transaction((accountId: string, needle: string, limit: number, offset: number) => ({
      items: this.selectPage.all(accountId, needle, needle, limit, offset).map(parse),
      total: this.countMatching.get(accountId, needle, needle)?.n ?? 0,
    }))
  }

  async get(accountId: string, id: string): Promise<GatewaySettings | undefined> {
    const row = this.selectOne.get(accountId, id)
    return row ? parse(row) : undefined
  }

  async list(accountId: string, query: GatewayListQuery): Promise<Page<GatewaySettings>> {
    const { offset, perPage } = checkPage(query.page, query.perPage)
    const needle = query.search?.trim().toLowerCase() ?? ''
    return this.readPage(accountId, needle, perPage, offset)
  }

  async create(accountId: string, settings: GatewaySettings): Promise<boolean> {
    validateGatewaySettings(settings)
    return (
      this.insert.run(accountId, settings.id, settings.created_at, JSON.stringify(settings)).changes === 1
    )
  }

  async update(accountId: string, settings: GatewaySettings): Promise<boolean> {
    validateGatewaySettings(settings)
    return (
      this.replace.run(settings.created_at, JSON.stringify(settings), accountId, settings.id).changes === 1
    )
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.remove.run(accountId, id).changes === 1
  }
}

function parse(row: SettingsRow): GatewaySettings {
  return JSON.parse(row.settings) as GatewaySettings
}
