import type { DlpProfileRecord, DlpProfileStore } from '../../core/stores.js'
import { compareByCreation } from '../ordering.js'

/** Documents are kept as JSON text, exactly as the SQL stores keep them, so callers never share state. */
export class MemoryDlpProfileStore implements DlpProfileStore {
  private readonly accounts = new Map<string, Map<string, string>>()

  async list(accountId: string): Promise<DlpProfileRecord[]> {
    return [...(this.accounts.get(accountId)?.values() ?? [])].map(parse).sort(compareByCreation)
  }

  async get(accountId: string, id: string): Promise<DlpProfileRecord | undefined> {
    const doc = this.accounts.get(accountId)?.get(id)
    return doc === undefined ? undefined : parse(doc)
  }

  async create(record: DlpProfileRecord): Promise<boolean> {
    const profiles = this.profiles(record.accountId)
    if (profiles.has(record.id)) return false
    profiles.set(record.id, serialise(record))
    return true
  }

  async update(record: DlpProfileRecord): Promise<boolean> {
    const profiles = this.accounts.get(record.accountId)
    const current = profiles?.get(record.id)
    if (!profiles || current === undefined) return false
    profiles.set(record.id, serialise({ ...record, createdAt: parse(current).createdAt }))
    return true
  }

  async put(record: DlpProfileRecord): Promise<void> {
    const profiles = this.profiles(record.accountId)
    const current = profiles.get(record.id)
    profiles.set(record.id, serialise(current ? { ...record, createdAt: parse(current).createdAt } : record))
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.accounts.get(accountId)?.delete(id) ?? false
  }

  private profiles(accountId: string): Map<string, string> {
    let profiles = this.accounts.get(accountId)
    if (!profiles) {
      profiles = new Map()
      this.accounts.set(accountId, profiles)
    }
    return profiles
  }
}

function serialise(record: DlpProfileRecord): string {
  if (record.type !== 'custom' && record.type !== 'predefined') {
    throw new Error(`DLP profile ${record.id}: type must be "custom" or "predefined"`)
  }
  return JSON.stringify(record)
}

function parse(doc: string): DlpProfileRecord {
  return JSON.parse(doc) as DlpProfileRecord
}
