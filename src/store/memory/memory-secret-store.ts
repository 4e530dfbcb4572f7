import type { SecretRecord, SecretStore } from '../../core/stores.js'

export class MemorySecretStore implements SecretStore {
  private readonly records = new Map<string, SecretRecord>()

  async get(accountId: string, id: string): Promise<SecretRecord | undefined> {
    const record = this.records.get(id)
    return record && record.accountId === accountId ? copy(record) : undefined
  }

  async put(record: SecretRecord): Promise<void> {
    const existing = this.records.get(record.id)
    if (existing && existing.accountId !== record.accountId) {
      throw new Error(`Secret ${record.id} belongs to another account`)
    }
    this.records.set(record.id, copy(record))
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const record = this.records.get(id)
    if (!record || record.accountId !== accountId) return false
    return this.records.delete(id)
  }

  async sample(): Promise<SecretRecord | undefined> {
    const first = this.records.values().next()
    return first.done ? undefined : copy(first.value)
  }
}

function copy(record: SecretRecord): SecretRecord {
  return {
    ...record,
    ciphertext: Uint8Array.from(record.ciphertext),
    iv: Uint8Array.from(record.iv),
    tag: Uint8Array.from(record.tag),
    wrappedKey: Uint8Array.from(record.wrappedKey),
  }
}
