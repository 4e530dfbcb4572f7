import type { GatewaySettings } from '../../core/gateway-settings.js'
import type { GatewayListQuery, GatewayStore, Page } from '../../core/stores.js'
import { compareGateways } from '../ordering.js'
import { validateGatewaySettings } from '../validate-gateway.js'
import { checkPage, containsFolded } from '../paging.js'

export class MemoryGatewayStore implements GatewayStore {
  /** accountId → gateway id → settings serialised as JSON, exactly as the SQL stores keep the document. */
  private readonly accounts = new Map<string, Map<string, string>>()

  async get(accountId: string, id: string): Promise<GatewaySettings | undefined> {
    const doc = this.accounts.get(accountId)?.get(id)
    return doc === undefined ? undefined : parse(doc)
  }

  async list(accountId: string, query: GatewayListQuery): Promise<Page<GatewaySettings>> {
    const { offset, perPage } = checkPage(query.page, query.perPage)
    const needle = query.search?.trim().toLowerCase() ?? ''
    const all = [...(this.accounts.get(accountId)?.values() ?? [])].map(parse)
    const matched = all.filter((g) => needle === '' || containsFolded(g.id, needle)).sort(compareGateways)
    return { items: matched.slice(offset, offset + perPage), total: matched.length }
  }

  async create(accountId: string, settings: GatewaySettings): Promise<boolean> {
    validateGatewaySettings(settings)
    let gateways = this.accounts.get(accountId)
    if (!gateways) {
      gateways = new Map()
      this.accounts.set(accountId, gateways)
    }
    if (gateways.has(settings.id)) return false
    gateways.set(settings.id, JSON.stringify(settings))
    return true
  }

  async update(accountId: string, settings: GatewaySettings): Promise<boolean> {
    validateGatewaySettings(settings)
    const gateways = this.accounts.get(accountId)
    if (!gateways?.has(settings.id)) return false
    gateways.set(settings.id, JSON.stringify(settings))
    return true
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.accounts.get(accountId)?.delete(id) ?? false
  }
}

function parse(doc: string): GatewaySettings {
  return JSON.parse(doc) as GatewaySettings
}
