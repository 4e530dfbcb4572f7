import { describe, expect, it } from 'vitest'
import type { ProviderConfigRecord, ProviderConfigStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

function config(id: string, overrides: Partial<ProviderConfigRecord> = {}): ProviderConfigRecord {
  return {
    id,
    accountId: 'acct-1',
    gatewayId: 'gw-1',
    providerSlug: 'openai',
    alias: 'default',
    defaultConfig: true,
    secretId: `secret-${id}`,
    secretPreview: 'sk-a…wxyz',
    rateLimit: null,
    rateLimitPeriod: null,
    description: null,
    region: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    modifiedAt: '2025-01-01T00:00:00.000Z',
    lastUsedAt: null,
    lastStatus: null,
    ...overrides,
  }
}

export function providerConfigStoreContract(name: string, make: StoreFactory<ProviderConfigStore>): void {
  describe(`ProviderConfigStore contract: ${name}`, () => {
    const store = useStore(make)
    it('F230 stores a config and reads it back within its gateway only', async () => {
      const full = config('c1', { rateLimit: 10, rateLimitPeriod: 60, description: 'prod', region: 'eu' })
      expect(await store().create(full)).toBe(true)
      expect(await store().get('acct-1', 'gw-1', 'c1')).toEqual(full)
      expect(await store().get('acct-1', 'gw-2', 'c1')).toBeUndefined()
      expect(await store().get('acct-2', 'gw-1', 'c1')).toBeUndefined()
    })

    it('F224 one key per provider and alias on a gateway; other aliases, providers and gateways are free', async () => {
      await store().create(config('c1'))
      expect(await store().create(config('c2'))).toBe(false)
      expect(await store().create(config('c3', { alias: 'production' }))).toBe(true)
      expect(await store().create(config('c4', { providerSlug: 'anthropic' }))).toBe(true)
      expect(await store().create(config('c5', { gatewayId: 'gw-2' }))).toBe(true)
      await expect(store().create(config('c1', { alias: 'other' }))).rejects.toThrow(/c1.*already exists/)
      expect((await store().forProvider('acct-1', 'gw-1', 'openai')).map((c) => c.id)).toEqual(['c1', 'c3'])
    })

    it('lists a gateway’s configs oldest first with paging and a total', async () => {
      await store().create(config('b', { alias: 'b', createdAt: '2025-01-02T00:00:00.000Z' }))
      await store().create(config('c', { alias: 'c', createdAt: '2025-01-01T00:00:00.000Z' }))
      await store().create(config('a', { alias: 'a', createdAt: '2025-01-02T00:00:00.000Z' }))
      await store().create(config('x', { gatewayId: 'gw-2' }))
      const first = await store().list('acct-1', 'gw-1', { page: 1, perPage: 2 })
      expect(first.items.map((c) => c.id)).toEqual(['c', 'a'])
      expect(first.total).toBe(3)
      expect((await store().list('acct-1', 'gw-1', { page: 2, perPage: 2 })).items.map((c) => c.id)).toEqual([
        'b',
      ])
    })

    it('F227 update replaces a config, refuses a taken alias and reports unknown ids', async () => {
      await store().create(config('c1'))
      await store().create(config('c2', { alias: 'testing' }))
      const rotated = config('c1', {
        secretId: 'new',
        secretPreview: 'new…1234',
        modifiedAt: '2025-03-01T00:00:00.000Z',
      })
      expect(await store().update(rotated)).toBe('updated')
      expect(await store().get('acct-1', 'gw-1', 'c1')).toEqual(rotated)
      expect(await store().update(config('c2', { alias: 'default' }))).toBe('alias_taken')
      expect((await store().get('acct-1', 'gw-1', 'c2'))?.alias).toBe('testing')
      expect(await store().update(config('ghost'))).toBe('not_found')
      expect(await store().update(config('c1', { gatewayId: 'gw-2' }))).toBe('not_found')
    })

    it('deletes one config, or every config of a gateway', async () => {
      await store().create(config('c1'))
      await store().create(config('c2', { alias: 'two' }))
      await store().create(config('c3', { gatewayId: 'gw-2' }))
      expect(await store().delete('acct-1', 'gw-2', 'c1')).toBe(false)
      expect(await store().delete('acct-1', 'gw-1', 'c1')).toBe(true)
      expect(await store().delete('acct-1', 'gw-1', 'c1')).toBe(false)
      const removed = await store().deleteGateway('acct-1', 'gw-1')
      expect(removed.map((c) => c.id)).toEqual(['c2'])
      expect((await store().list('acct-1', 'gw-1', { page: 1, perPage: 10 })).total).toBe(0)
      expect((await store().get('acct-1', 'gw-2', 'c3'))?.id).toBe('c3')
    })

    it('knows whether a secret is still referenced in the account', async () => {
      await store().create(config('c1', { secretId: 'shared' }))
      await store().create(config('c2', { alias: 'two', secretId: 'shared' }))
      expect(await store().referencesSecret('acct-1', 'shared')).toBe(true)
      expect(await store().referencesSecret('acct-2', 'shared')).toBe(false)
      await store().delete('acct-1', 'gw-1', 'c1')
      expect(await store().referencesSecret('acct-1', 'shared')).toBe(true)
      await store().delete('acct-1', 'gw-1', 'c2')
      expect(await store().referencesSecret('acct-1', 'shared')).toBe(false)
    })

    it('F225 touch records the last use and its status, ignoring unknown ids', async () => {
      await store().create(config('c1'))
      await store().touch('c1', '2025-05-01T00:00:00.000Z', 401)
      await store().touch('ghost', '2025-05-01T00:00:00.000Z', 200)
      const got = await store().get('acct-1', 'gw-1', 'c1')
      expect([got?.lastUsedAt, got?.lastStatus]).toEqual(['2025-05-01T00:00:00.000Z', 401])
    })

    it('hands out copies', async () => {
      await store().create(config('c1'))
      const got = await store().get('acct-1', 'gw-1', 'c1')
      got!.alias = 'mutated'
      expect((await store().get('acct-1', 'gw-1', 'c1'))?.alias).toBe('default')
    })
  })
}
