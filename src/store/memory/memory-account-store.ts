import type { Account, AccountStore } from '../../core/stores.js'
import { compareByCreation } from '../ordering.js'

export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, Account>()

  async get(id: string): Promise<Account | undefined> {
    const account = this.accounts.get(id)
    return account ? { ...account } : undefined
  }

  async list(): Promise<Account[]> {
    return [...this.accounts.values()].sort(compareByCreation).map((a) => ({ ...a }))
  }

  async create(account: Account): Promise<void> {
    if (this.accounts.has(account.id)) throw new Error(`Account ${account.id} already exists`)
    this.accounts.set(account.id, { ...account })
  }
}
