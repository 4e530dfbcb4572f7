import { describe, expect, it } from 'vitest'
import type { CustomProviderQuery, CustomProviderRecord, CustomProviderStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

function provider(id: string, overrides: Partial<CustomProviderRecord> = {}): CustomProviderRecord {
  return {
    id,
    accountId: 'acct-1',
    name: `Provider ${id}`,
    slug: `slug-${id}`,
    baseUrl: 'https://api.example.com',
    description: null,
    link: null,
    enable: false,
    beta: false,
    curlExample: null,
    jsExample: null,
    position: null,
    headersSecretId: null,
    headersPreview: null,
    logo: 'PHN2Zz48L3N2Zz4=',
    createdAt: 1_700_000_000,
    modifiedAt: 1_700_000_000,
    ...overrides,
  }
}

function query(overrides: Partial<CustomProviderQuery> = {}): CustomProviderQuery {
  return { page: 1, perPage: 20, orderBy: 'name', direction: 'asc', ...overrides }
}

export function customProviderStoreContract(name: string, make: StoreFactory<CustomProviderStore>): void {
  describe(`CustomProviderStore contract: ${name}`, () => {
    const store = useStore(make)
    const ids = async (q: Partial<CustomProviderQuery>) =>
      (await store().list('acct-1', query(q))).items.map((p) => p.id)
    it('F236 stores a provider and finds it by id or by slug, case-insensitively, in its account', async () => {
      const full = provider('p1', {
        description: 'internal',
        link: 'https://docs.example.com',
        enable: true,
        curlExample: 'curl …',
        jsExample: 'fetch(…)',
        position: 3,
        headersSecretId: 'sec-1',
        headersPreview: '{"x-key":"ab…yz"}',
      })
      expect(await store().create(full)).toBe(true)
      expect(await store().get('acct-1', 'p1')).toEqual(full)
      expect(await store().get('acct-2', 'p1')).toBeUndefined()
      expect((await store().findBySlug('acct-1', 'SLUG-P1'))?.id).toBe('p1')
      expect(await store().findBySlug('acct-2', 'slug-p1')).toBeUndefined()
    })

    it('F243 slugs are unique per account, ignoring case', async () => {
      await store().create(provider('p1', { slug: 'my-llm' }))
      expect(await store().create(provider('p2', { slug: 'My-LLM' }))).toBe(false)
      expect(await store().create(provider('p3', { slug: 'my-llm', accountId: 'acct-2' }))).toBe(true)
      await expect(store().create(provider('p1', { slug: 'other' }))).rejects.toThrow(/p1.*already exists/)
    })

    it('F239 update replaces fields, refuses a taken slug and reports unknown ids', async () => {
      await store().create(provider('p1', { slug: 'one' }))
      await store().create(provider('p2', { slug: 'two' }))
      const changed = provider('p1', { slug: 'uno', enable: true, modifiedAt: 1_700_000_100 })
      expect(await store().update(changed)).toBe('updated')
      expect(await store().get('acct-1', 'p1')).toEqual(changed)
      expect(await store().findBySlug('acct-1', 'one')).toBeUndefined()
      expect(await store().update(provider('p2', { slug: 'UNO' }))).toBe('slug_taken')
      expect(await store().update(provider('ghost'))).toBe('not_found')
      expect(await store().update(provider('p1', { accountId: 'acct-2' }))).toBe('not_found')
    })

    it('F238 filters by enable, beta and a search over id, name and slug', async () => {
      await store().create(provider('a1', { name: 'Alpha', slug: 'alpha', enable: true }))
      await store().create(provider('b1', { name: 'Beta Labs', slug: 'bl', beta: true }))
      await store().create(provider('c1', { name: 'Gamma', slug: 'custom-thing', enable: true, beta: true }))
      await store().create(provider('z9', { accountId: 'acct-2', name: 'Alpha elsewhere', enable: true }))
      expect(await ids({ enable: true })).toEqual(['a1', 'c1'])
      expect(await ids({ enable: false })).toEqual(['b1'])
      expect(await ids({ beta: true, enable: true })).toEqual(['c1'])
      expect(await ids({ search: 'LABS' })).toEqual(['b1'])
      expect(await ids({ search: 'thing' })).toEqual(['c1'])
      expect(await ids({ search: 'a1' })).toEqual(['a1'])
    })

    it('F238 orders by name by default, by any key either way, unset positions last', async () => {
      await store().create(provider('p1', { name: 'charlie', slug: 'a', createdAt: 3, position: 2 }))
      await store().create(provider('p2', { name: 'alpha', slug: 'c', createdAt: 1, position: null }))
      await store().create(provider('p3', { name: 'bravo', slug: 'b', createdAt: 2, position: 1 }))
      expect(await ids({})).toEqual(['p2', 'p3', 'p1'])
      expect(await ids({ direction: 'desc' })).toEqual(['p1', 'p3', 'p2'])
      expect(await ids({ orderBy: 'slug' })).toEqual(['p1', 'p3', 'p2'])
      expect(await ids({ orderBy: 'created_at', direction: 'desc' })).toEqual(['p1', 'p3', 'p2'])
      expect(await ids({ orderBy: 'position' })).toEqual(['p3', 'p1', 'p2'])
      expect(await ids({ orderBy: 'position', direction: 'desc' })).toEqual(['p1', 'p3', 'p2'])
    })

    it('F238 pages with a total over all matches', async () => {
      for (const letter of ['a', 'b', 'c', 'd', 'e']) {
        await store().create(provider(letter, { name: letter }))
      }
      const page = await store().list('acct-1', query({ page: 2, perPage: 2 }))
      expect(page.items.map((p) => p.id)).toEqual(['c', 'd'])
      expect(page.total).toBe(5)
    })

    it('F242 deletes only within the owning account', async () => {
      await store().create(provider('p1'))
      expect(await store().delete('acct-2', 'p1')).toBe(false)
      expect(await store().delete('acct-1', 'p1')).toBe(true)
      expect(await store().get('acct-1', 'p1')).toBeUndefined()
      expect(await store().findBySlug('acct-1', 'slug-p1')).toBeUndefined()
    })
  })
}
