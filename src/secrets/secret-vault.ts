import { randomUUID } from 'node:crypto'
import type { Clock } from '../core/clock.js'
import type { SecretRecord, SecretStore } from '../core/stores.js'
import { open, seal, SecretDecryptError } from './envelope.js'
import type { MasterKey } from './master-key.js'
import { secretPreview } from './secret-preview.js'

export interface SecretVaultOptions {
  store: SecretStore
  masterKey: MasterKey
  clock: Clock
  /** How long a decrypted value stays in memory; rotation never waits for it (new value, new id). */
  cacheTtlMs?: number
  maxCached?: number
}

export interface SecretRef {
  id: string
  preview: string
}

interface Cached {
  value: string
  expiresAt: number
}

/**
 * The only code that sees both the master key and plaintext secrets. Values go in once and come out only
 * to be injected upstream; no method returns a value to the management API.
 */
export class SecretVault {
  private readonly cache = new Map<string, Cached>()
  private readonly ttlMs: number
  private readonly maxCached: number

  constructor(private readonly options: SecretVaultOptions) {
    this.ttlMs = options.cacheTtlMs ?? 60_000
    this.maxCached = options.maxCached ?? 1000
  }

  async create(accountId: string, value: string, preview = secretPreview(value)): Promise<SecretRef> {
    const id = randomUUID().replaceAll('-', '')
    const sealed = seal(this.options.masterKey, value, context(accountId, id))
    const at = new Date(this.options.clock.now()).toISOString()
    await this.options.store.put({
      id,
      accountId,
      ciphertext: sealed.ciphertext,
      iv: sealed.iv,
      tag: sealed.tag,
      wrappedKey: sealed.wrappedKey,
      keyId: sealed.keyId,
      preview,
      createdAt: at,
      updatedAt: at,
    })
    return { id, preview }
  }

  /** The plaintext, or undefined when no such secret exists in the account. */
  async reveal(accountId: string, id: string): Promise<string | undefined> {
    const key = context(accountId, id)
    const now = this.options.clock.now()
    const cached = this.cache.get(key)
    if (cached && cached.expiresAt > now) return cached.value
    const record = await this.options.store.get(accountId, id)
    if (!record) {
      this.cache.delete(key)
      return undefined
    }
    const value = open(this.options.masterKey, sealedOf(record), key)
    this.remember(key, { value, expiresAt: now + this.ttlMs })
    return value
  }

  async exists(accountId: string, id: string): Promise<boolean> {
    return (await this.options.store.get(accountId, id)) !== undefined
  }

  async preview(accountId: string, id: string): Promise<string | undefined> {
    return (await this.options.store.get(accountId, id))?.preview
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    this.cache.delete(context(accountId, id))
    return this.options.store.delete(accountId, id)
  }

  /** Start-up check: a wrong master key is refused before the first request needs a stored key. */
  async verifyMasterKey(): Promise<void> {
    const record = await this.options.store.sample()
    if (!record) return
    try {
      open(this.options.masterKey, sealedOf(record), context(record.accountId, record.id))
    } catch (error) {
      const reason = error instanceof SecretDecryptError ? error.message : 'unreadable secret'
      throw new SecretDecryptError(
        `the configured master key cannot open the stored secrets (${reason}); start with the master key (AIGW_MASTER_KEY or master.key) they were written with`,
      )
    }
  }

  private remember(key: string, entry: Cached): void {
    this.cache.delete(key)
    this.cache.set(key, entry)
    if (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next()
      if (!oldest.done) this.cache.delete(oldest.value)
    }
  }
}

function context(accountId: string, id: string): string {
  return `${accountId}/${id}`
}

function sealedOf(record: SecretRecord) {
  return {
    ciphertext: Buffer.from(record.ciphertext),
    iv: Buffer.from(record.iv),
    tag: Buffer.from(record.tag),
    wrappedKey: Buffer.from(record.wrappedKey),
    keyId: record.keyId,
  }
}
