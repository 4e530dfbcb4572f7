import { describe, expect, it } from 'vitest'
import type { AccountStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

export function accountStoreContract(name: string, make: StoreFactory<AccountStore>): void {
  describe(`AccountStore contract: ${name}`, () => {
    const store = useStore(make)

    it('creates and reads an account', async () => {
      await store().create({ id: 'acct-1', createdAt: '2025-01-01T00:00:00.000Z' })
      expect(await store().get('acct-1')).toEqual({ id: 'acct-1', createdAt: '2025-01-01T00:00:00.000Z' })
      expect(await store().get('acct-2')).toBeUndefined()
    })

    it('rejects a duplicate and keeps the original', async () => {
      await store().create({ id: 'acct-1', createdAt: '2025-01-01T00:00:00.000Z' })
      await expect(store().create({ id: 'acct-1', createdAt: '2025-06-01T00:00:00.000Z' })).rejects.toThrow(
        /acct-1.*already exists/,
      )
      expect((await store().get('acct-1'))?.createdAt).toBe('2025-01-01T00:00:00.000Z')
    })

    it('lists accounts oldest first, ties by id', async () => {
      await store().create({ id: 'c', createdAt: '2025-01-02T00:00:00.000Z' })
      await store().create({ id: 'b', createdAt: '2025-01-01T00:00:00.000Z' })
      await store().create({ id: 'a', createdAt: '2025-01-01T00:00:00.000Z' })
      expect((await store().list()).map((a) => a.id)).toEqual(['a', 'b', 'c'])
    })
  })
}
