import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MemorySecretStore } from '../store/memory/memory-secret-store.js'
import type { MasterKey } from './master-key.js'
import { SecretVault } from './secret-vault.js'

function setup(options: { ttlMs?: number; key?: MasterKey; store?: MemorySecretStore } = {}) {
  let now = 1_000
  const store = options.store ?? new MemorySecretStore()
  const masterKey = options.key ?? { key: randomBytes(32), id: 'k1', source: 'raw' as const }
  const vault = new SecretVault({
    store,
    masterKey,
    clock: { now: () => now },
    ...(options.ttlMs === undefined ? {} : { cacheTtlMs: options.ttlMs }),
  })
  return { vault, store, masterKey, advance: (ms: number) => void (now += ms) }
}

describe('SecretVault', () => {
  it('F223 stores only ciphertext and a preview, and reveals the value in its account only', async () => {
    const { vault, store } = setup()
    const ref = await vault.create('acct', 'sk-test-0123456789abcdef')
    expect(ref.preview).toBe('sk-t…cdef')
    const record = await store.get('acct', ref.id)
    expect(Buffer.from(record!.ciphertext).toString('latin1')).not.toContain('0123456789')
    expect(await vault.reveal('acct', ref.id)).toBe('sk-test-0123456789abcdef')
    expect(await vault.reveal('other', ref.id)).toBeUndefined()
  })

  it('F227 a deleted secret is gone at once, even from the cache', async () => {
    const { vault } = setup({ ttlMs: 60_000 })
    const ref = await vault.create('acct', 'sk-test-0123456789abcdef')
    await vault.reveal('acct', ref.id)
    expect(await vault.delete('acct', ref.id)).toBe(true)
    expect(await vault.reveal('acct', ref.id)).toBeUndefined()
  })

  it('caches decrypted values briefly, then reads the store again', async () => {
    const { vault, store, advance } = setup({ ttlMs: 1_000 })
    const ref = await vault.create('acct', 'sk-test-0123456789abcdef')
    await vault.reveal('acct', ref.id)
    await store.delete('acct', ref.id)
    expect(await vault.reveal('acct', ref.id)).toBe('sk-test-0123456789abcdef')
    advance(1_001)
    expect(await vault.reveal('acct', ref.id)).toBeUndefined()
  })

  it('verifyMasterKey refuses a key that cannot open what is stored', async () => {
    const { vault, store } = setup()
    await vault.verifyMasterKey()
    await vault.create('acct', 'sk-test-0123456789abcdef')
    await vault.verifyMasterKey()
    const wrong = setup({ store, key: { key: randomBytes(32), id: 'k2', source: 'raw' } })
    await expect(wrong.vault.verifyMasterKey()).rejects.toThrow(/master key cannot open/)
    await expect(wrong.vault.verifyMasterKey()).rejects.not.toThrow(/0123456789/)
  })
})
