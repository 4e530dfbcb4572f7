import { describe, expect, it } from 'vitest'
import type { SecretRecord, SecretStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

function secret(id: string, overrides: Partial<SecretRecord> = {}): SecretRecord {
  return {
    id,
    accountId: 'acct-1',
    ciphertext: Uint8Array.from([1, 2, 3, 4]),
    iv: Uint8Array.from({ length: 12 }, (_, i) => i),
    tag: Uint8Array.from({ length: 16 }, (_, i) => 255 - i),
    wrappedKey: Uint8Array.from({ length: 60 }, (_, i) => i * 2),
    keyId: 'k1',
    preview: 'sk-a…wxyz',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export function secretStoreContract(name: string, make: StoreFactory<SecretStore>): void {
  describe(`SecretStore contract: ${name}`, () => {
    const store = useStore(make)
    it('F223 keeps the encrypted bytes exactly and only within the owning account', async () => {
      await store().put(secret('s1'))
      const got = await store().get('acct-1', 's1')
      expect(got).toEqual(secret('s1'))
      expect(got?.wrappedKey).toBeInstanceOf(Uint8Array)
      expect(await store().get('acct-2', 's1')).toBeUndefined()
      expect(await store().get('acct-1', 'nope')).toBeUndefined()
    })

    it('F227 put replaces the record of the same id (rotation) but never across accounts', async () => {
      await store().put(secret('s1'))
      const rotated = secret('s1', {
        ciphertext: Uint8Array.from([9, 9]),
        preview: 'new…key',
        updatedAt: '2025-02-01T00:00:00.000Z',
      })
      await store().put(rotated)
      expect(await store().get('acct-1', 's1')).toEqual(rotated)
      await expect(store().put(secret('s1', { accountId: 'acct-2' }))).rejects.toThrow(/another account/)
      expect((await store().get('acct-1', 's1'))?.preview).toBe('new…key')
    })

    it('deletes only within the owning account', async () => {
      await store().put(secret('s1'))
      expect(await store().delete('acct-2', 's1')).toBe(false)
      expect(await store().delete('acct-1', 's1')).toBe(true)
      expect(await store().get('acct-1', 's1')).toBeUndefined()
      expect(await store().delete('acct-1', 's1')).toBe(false)
    })

    it('sample is empty for an empty store and a stored record otherwise', async () => {
      expect(await store().sample()).toBeUndefined()
      await store().put(secret('s2', { accountId: 'acct-9' }))
      expect((await store().sample())?.id).toBe('s2')
    })

    it('hands out copies', async () => {
      await store().put(secret('s1'))
      const got = await store().get('acct-1', 's1')
      got!.ciphertext[0] = 77
      expect((await store().get('acct-1', 's1'))?.ciphertext[0]).toBe(1)
    })
  })
}
