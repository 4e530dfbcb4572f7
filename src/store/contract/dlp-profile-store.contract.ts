import { describe, expect, it } from 'vitest'
import type { DlpProfileRecord, DlpProfileStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

const ACCOUNT = 'acct-1'

function record(id: string, createdAt: string, overrides: Partial<DlpProfileRecord> = {}): DlpProfileRecord {
  return {
    accountId: ACCOUNT,
    id,
    type: 'custom',
    createdAt,
    document: { id, name: `profile ${id}`, entries: [{ id: 'e1', pattern: { regex: '\\d+' } }] },
    ...overrides,
  }
}

export function dlpProfileStoreContract(name: string, make: StoreFactory<DlpProfileStore>): void {
  describe(`DlpProfileStore contract: ${name}`, () => {
    const store = useStore(make)

    it('F214 creates and reads back a profile document', async () => {
      const profile = record('p1', '2025-01-01T00:00:00.000Z')
      expect(await store().create(profile)).toBe(true)
      expect(await store().get(ACCOUNT, 'p1')).toEqual(profile)
      expect(await store().get(ACCOUNT, 'p2')).toBeUndefined()
      expect(await store().get('other', 'p1')).toBeUndefined()
    })

    it('refuses a duplicate id within an account, not across accounts', async () => {
      await store().create(record('p1', '2025-01-01T00:00:00.000Z'))
      expect(
        await store().create(record('p1', '2025-01-02T00:00:00.000Z', { document: { changed: true } })),
      ).toBe(false)
      expect((await store().get(ACCOUNT, 'p1'))?.document).toEqual(record('p1', '').document)
      expect(await store().create(record('p1', '2025-01-02T00:00:00.000Z', { accountId: 'other' }))).toBe(
        true,
      )
    })

    it('lists an account oldest first, ties by id', async () => {
      await store().create(record('c', '2025-01-02T00:00:00.000Z'))
      await store().create(record('b', '2025-01-01T00:00:00.000Z'))
      await store().create(record('a', '2025-01-01T00:00:00.000Z', { type: 'predefined' }))
      await store().create(record('z', '2025-01-01T00:00:00.000Z', { accountId: 'other' }))
      expect((await store().list(ACCOUNT)).map((p) => [p.id, p.type])).toEqual([
        ['a', 'predefined'],
        ['b', 'custom'],
        ['c', 'custom'],
      ])
    })

    it('updates only existing profiles and keeps the creation time', async () => {
      expect(await store().update(record('p1', '2025-01-01T00:00:00.000Z'))).toBe(false)
      expect(await store().get(ACCOUNT, 'p1')).toBeUndefined()
      await store().create(record('p1', '2025-01-01T00:00:00.000Z'))
      expect(await store().update(record('p1', '2030-01-01T00:00:00.000Z', { document: { v: 2 } }))).toBe(
        true,
      )
      expect(await store().get(ACCOUNT, 'p1')).toEqual(
        record('p1', '2025-01-01T00:00:00.000Z', { document: { v: 2 } }),
      )
    })

    it('put creates or replaces (predefined profile settings)', async () => {
      await store().put(record('pre', '2025-01-01T00:00:00.000Z', { type: 'predefined', document: { v: 1 } }))
      await store().put(record('pre', '2025-02-01T00:00:00.000Z', { type: 'predefined', document: { v: 2 } }))
      expect(await store().get(ACCOUNT, 'pre')).toEqual(
        record('pre', '2025-01-01T00:00:00.000Z', { type: 'predefined', document: { v: 2 } }),
      )
    })

    it('deletes once', async () => {
      await store().create(record('p1', '2025-01-01T00:00:00.000Z'))
      expect(await store().delete(ACCOUNT, 'p1')).toBe(true)
      expect(await store().delete(ACCOUNT, 'p1')).toBe(false)
      expect(await store().list(ACCOUNT)).toEqual([])
    })

    it('rejects an unknown type instead of storing it', async () => {
      const bad = {
        ...record('p1', '2025-01-01T00:00:00.000Z'),
        type: 'integration',
      } as unknown as DlpProfileRecord
      await expect(store().create(bad)).rejects.toThrow(/type/)
    })

    it('returns copies: changing a result does not change the store', async () => {
      await store().create(record('p1', '2025-01-01T00:00:00.000Z'))
      const first = await store().get(ACCOUNT, 'p1')
      first!.document.name = 'mutated'
      expect((await store().get(ACCOUNT, 'p1'))?.document.name).toBe('profile p1')
    })
  })
}
