import type { ApiToken, TokenStore } from '../../core/stores.js'
import { compareByCreation } from '../ordering.js'

export class MemoryTokenStore implements TokenStore {
  private readonly byId = new Map<string, ApiToken>()
  private readonly idByHash = new Map<string, string>()

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const id = this.idByHash.get(hash)
    const token = id === undefined ? undefined : this.byId.get(id)
    return token ? copy(token) : undefined
  }

  async list(accountId: string): Promise<ApiToken[]> {
    return [...this.byId.values()]
      .filter((t) => t.accountId === accountId)
      .sort(compareByCreation)
      .map(copy)
  }

  async create(token: ApiToken): Promise<void> {
    if (this.byId.has(token.id)) throw new Error(`Token ${token.id} already exists`)
    if (this.idByHash.has(token.hash)) throw new Error(`A token with the same hash already exists`)
    this.byId.set(token.id, copy(token))
    this.idByHash.set(token.hash, token.id)
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const token = this.byId.get(id)
    if (!token || token.accountId !== accountId) return false
    this.byId.delete(id)
    this.idByHash.delete(token.hash)
    return true
  }

  async touch(id: string, at: string): Promise<void> {
    const token = this.byId.get(id)
    if (token) token.lastUsedAt = at
  }
}

function copy(token: ApiToken): ApiToken {
  return { ...token, permissions: [...token.permissions] }
}
