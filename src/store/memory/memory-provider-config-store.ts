import type {
  Page,
  ProviderConfigRecord,
  ProviderConfigStore,
  ProviderConfigUpdate,
} from '../../core/stores.js'
import { compareByCreation } from '../ordering.js'
import { checkPage } from '../paging.js'

export class MemoryProviderConfigStore implements ProviderConfigStore {
  private readonly byId = new Map<string, ProviderConfigRecord>()

  async list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<ProviderConfigRecord>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    const all = this.ofGateway(accountId, gatewayId).sort(compareByCreation)
    return { items: all.slice(offset, offset + perPage).map(copy), total: all.length }
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<ProviderConfigRecord | undefined> {
    const found = this.byId.get(id)
    return found && found.accountId === accountId && found.gatewayId === gatewayId ? copy(found) : undefined
  }

  async forProvider(
    accountId: string,
    gatewayId: string,
    providerSlug: string,
  ): Promise<ProviderConfigRecord[]> {
    return this.ofGateway(accountId, gatewayId)
      .filter((config) => config.providerSlug === providerSlug)
      .sort(compareByCreation)
      .map(copy)
  }

  async create(record: ProviderConfigRecord): Promise<boolean> {
    if (this.byId.has(record.id)) throw new Error(`Provider config ${record.id} already exists`)
    if (this.aliasTaken(record)) return false
    this.byId.set(record.id, copy(record))
    return true
  }

  async update(record: ProviderConfigRecord): Promise<ProviderConfigUpdate> {
    const current = this.byId.get(record.id)
    if (!current || current.accountId !== record.accountId || current.gatewayId !== record.gatewayId) {
      return 'not_found'
    }
    if (this.aliasTaken(record)) return 'alias_taken'
    this.byId.set(record.id, copy(record))
    return 'updated'
  }

  async delete(accountId: string, gatewayId: string, id: string): Promise<boolean> {
    if (!(await this.get(accountId, gatewayId, id))) return false
    return this.byId.delete(id)
  }

  async deleteGateway(accountId: string, gatewayId: string): Promise<ProviderConfigRecord[]> {
    const doomed = this.ofGateway(accountId, gatewayId).sort(compareByCreation)
    for (const config of doomed) this.byId.delete(config.id)
    return doomed.map(copy)
  }

  async referencesSecret(accountId: string, secretId: string): Promise<boolean> {
    for (const config of this.byId.values()) {
      if (config.accountId === accountId && config.secretId === secretId) return true
    }
    return false
  }

  async touch(id: string, at: string, status: number): Promise<void> {
    const config = this.byId.get(id)
    if (config) this.byId.set(id, { ...config, lastUsedAt: at, lastStatus: status })
  }

  private ofGateway(accountId: string, gatewayId: string): ProviderConfigRecord[] {
    return [...this.byId.values()].filter((c) => c.accountId === accountId && c.gatewayId === gatewayId)
  }

  private aliasTaken(record: ProviderConfigRecord): boolean {
    return this.ofGateway(record.accountId, record.gatewayId).some(
      (other) =>
        other.id !== record.id && other.providerSlug === record.providerSlug && other.alias === record.alias,
    )
  }
}

function copy(record: ProviderConfigRecord): ProviderConfigRecord {
  return { ...record }
}
