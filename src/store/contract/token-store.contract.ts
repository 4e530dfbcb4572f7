import { describe, expect, it } from 'vitest'
import type { ApiToken, TokenStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

function token(id: string, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id,
    accountId: 'acct-1',
    name: `token ${id}`,
    hash: `hash-${id}`,
    preview: 'aigw_…abcd',
    permissions: ['read', 'run'],
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsedAt: null,
    expiresAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

export function tokenStoreContract(name: string, make: StoreFactory<TokenStore>): void {
  describe(`TokenStore contract: ${name}`, () => {
    const store = useStore(make)

    it('F083 finds a token by the hash of its secret', async () => {
      const t = token('t1')
      await store().create(t)
      expect(await store().findByHash('hash-t1')).toEqual(t)
      expect(await store().findByHash('hash-unknown')).toBeUndefined()
    })

    it('lists an account’s tokens oldest first, ties by id', async () => {
      await store().create(token('t3', { createdAt: '2025-01-03T00:00:00.000Z' }))
      await store().create(token('t2', { createdAt: '2025-01-01T00:00:00.000Z' }))
      await store().create(token('t1', { createdAt: '2025-01-01T00:00:00.000Z' }))
      await store().create(token('x', { accountId: 'acct-2' }))
      expect((await store().list('acct-1')).map((t) => t.id)).toEqual(['t1', 't2', 't3'])
      expect((await store().list('acct-2')).map((t) => t.id)).toEqual(['x'])
      expect(await store().list('acct-3')).toEqual([])
    })

    it('rejects a duplicate id or hash and keeps the original', async () => {
      await store().create(token('t1'))
      await expect(store().create(token('t1', { hash: 'other' }))).rejects.toThrow(/t1.*already exists/)
      await expect(store().create(token('t2', { hash: 'hash-t1' }))).rejects.toThrow(/hash/)
      expect((await store().list('acct-1')).map((t) => t.id)).toEqual(['t1'])
      expect(await store().findByHash('other')).toBeUndefined()
    })

    it('deletes only within the owning account', async () => {
      await store().create(token('t1'))
      expect(await store().delete('acct-2', 't1')).toBe(false)
      expect(await store().findByHash('hash-t1')).toBeDefined()
      expect(await store().delete('acct-1', 't1')).toBe(true)
      expect(await store().findByHash('hash-t1')).toBeUndefined()
      expect(await store().delete('acct-1', 't1')).toBe(false)
    })

    it('touch records the last use and ignores unknown ids', async () => {
      await store().create(token('t1'))
      await store().touch('t1', '2025-03-01T10:00:00.000Z')
      expect((await store().findByHash('hash-t1'))?.lastUsedAt).toBe('2025-03-01T10:00:00.000Z')
      await store().touch('ghost', '2025-03-01T10:00:00.000Z')
      expect((await store().list('acct-1')).map((t) => t.id)).toEqual(['t1'])
    })

    it('hands out copies', async () => {
      await store().create(token('t1'))
      const got = await store().findByHash('hash-t1')
      got?.permissions.push('edit')
      expect((await store().findByHash('hash-t1'))?.permissions).toEqual(['read', 'run'])
    })
  })
}
