import { beforeEach, describe, expect, it } from 'vitest'
import type { LogOrderKey } from '../../core/log-entry.js'
import type { LogStore } from '../../core/stores.js'
import { logFilterContract } from './log-filter.contract.js'
import { ACCOUNT, bytes, GATEWAY, logQuery, makeLogEntry, sampleEntries, T0, text } from './log-fixtures.js'
import { useStore, type StoreFactory } from './store-factory.js'

const ALL_ASC = ['log-01', 'log-02', 'log-03', 'log-04', 'log-05']

/** Expected id order per order_by key, ascending; ties break on created_at, then id, in the same direction. */
const orderCases: Array<[LogOrderKey, string[]]> = [
  ['created_at', ALL_ASC],
  ['provider', ['log-02', 'log-05', 'log-01', 'log-03', 'log-04']],
  ['model', ['log-04', 'log-02', 'log-05', 'log-03', 'log-01']],
  ['model_type', ['log-01', 'log-02', 'log-03', 'log-05', 'log-04']],
  ['success', ['log-03', 'log-01', 'log-02', 'log-04', 'log-05']],
  ['cached', ['log-01', 'log-03', 'log-04', 'log-05', 'log-02']],
  ['cost', ['log-02', 'log-01', 'log-05', 'log-04', 'log-03']],
  ['tokens_in', ['log-02', 'log-01', 'log-05', 'log-04', 'log-03']],
  ['tokens_out', ['log-02', 'log-01', 'log-05', 'log-04', 'log-03']],
  ['duration', ['log-02', 'log-01', 'log-05', 'log-04', 'log-03']],
]

export function logStoreContract(name: string, make: StoreFactory<LogStore>): void {
  describe(`LogStore contract: ${name}`, () => {
    const store = useStore(make)
    const listIds = async (query = logQuery()): Promise<string[]> =>
      (await store().list(query)).items.map((e) => e.id)

    describe('append and get', () => {
      it('F245 get returns every field and both bodies as appended', async () => {
        const entry = makeLogEntry({
          id: 'log-a',
          createdAt: T0,
          metadata: { user: 'alice', n: 42, vip: true },
          requestBody: bytes('{"prompt":"hi"}'),
          responseBody: bytes('{"answer":"hello"}'),
          responseBodyTruncated: true,
          feedback: 1,
          score: 87.5,
          errorMessage: 'boom',
          dlpAction: 'BLOCK',
          extra: { attempts: [{ status: 500 }, { status: 200 }], upstream: 'https://example.test' },
        })
        await store().append([entry])
        const got = await store().get(ACCOUNT, GATEWAY, 'log-a')
        expect(got).toBeDefined()
        expect({ ...got, requestBody: null, responseBody: null }).toEqual({
          ...entry,
          requestBody: null,
          responseBody: null,
        })
        expect(text(got?.requestBody ?? null)).toBe('{"prompt":"hi"}')
        expect(text(got?.responseBody ?? null)).toBe('{"answer":"hello"}')
      })

      it('F248 keeps absent bodies null and empty bodies empty', async () => {
        await store().append([
          makeLogEntry({ id: 'no-body' }),
          makeLogEntry({ id: 'empty-body', requestBody: new Uint8Array(0), responseBody: null }),
        ])
        const none = await store().get(ACCOUNT, GATEWAY, 'no-body')
        expect(none?.requestBody).toBeNull()
        expect(none?.responseBody).toBeNull()
        const empty = await store().get(ACCOUNT, GATEWAY, 'empty-body')
        expect(empty?.requestBody?.byteLength).toBe(0)
        expect(empty?.responseBody).toBeNull()
      })

      it('returns undefined for a missing id or another gateway or account', async () => {
        await store().append([makeLogEntry({ id: 'log-a' })])
        expect(await store().get(ACCOUNT, GATEWAY, 'nope')).toBeUndefined()
        expect(await store().get(ACCOUNT, 'other-gw', 'log-a')).toBeUndefined()
        expect(await store().get('other-acct', GATEWAY, 'log-a')).toBeUndefined()
      })

      it('is idempotent per id: a re-appended entry keeps the first version', async () => {
        await store().append([makeLogEntry({ id: 'log-a', model: 'first' })])
        await store().append([makeLogEntry({ id: 'log-a', model: 'second' }), makeLogEntry({ id: 'log-b' })])
        expect((await store().get(ACCOUNT, GATEWAY, 'log-a'))?.model).toBe('first')
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(2)
      })

      it('rejects a batch with an invalid entry, naming the field, and writes none of it', async () => {
        const bad = makeLogEntry({ id: 'bad', cost: Number.NaN })
        await expect(store().append([makeLogEntry({ id: 'good' }), bad])).rejects.toThrow(/bad.*cost/)
        await expect(
          store().append([makeLogEntry({ id: 'bad2', metadata: { o: {} as string } })]),
        ).rejects.toThrow(/metadata\.o/)
        const cyclic: Record<string, unknown> = {}
        cyclic.self = cyclic
        const unserialisable = makeLogEntry({ id: 'bad3', extra: cyclic })
        await expect(store().append([makeLogEntry({ id: 'ok' }), unserialisable])).rejects.toThrow(
          /bad3.*extra/,
        )
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(0)
      })

      it('hands out copies: mutating a returned entry does not change the store', async () => {
        await store().append([makeLogEntry({ id: 'log-a', metadata: { user: 'alice' } })])
        const got = await store().get(ACCOUNT, GATEWAY, 'log-a')
        if (got) got.metadata.user = 'mallory'
        expect((await store().get(ACCOUNT, GATEWAY, 'log-a'))?.metadata).toEqual({ user: 'alice' })
      })

      it('keeps a batch of 500 entries', async () => {
        const batch = Array.from({ length: 500 }, (_, i) =>
          makeLogEntry({
            id: `b-${String(i).padStart(3, '0')}`,
            createdAt: T0 + i,
            requestBody: bytes(`req ${i}`),
          }),
        )
        await store().append(batch)
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(500)
        expect(text((await store().get(ACCOUNT, GATEWAY, 'b-499'))?.requestBody ?? null)).toBe('req 499')
      })
    })

    describe('list', () => {
      beforeEach(async () => {
        await store().append([
          ...sampleEntries(),
          makeLogEntry({ id: 'elsewhere-gw', gatewayId: 'gw-2' }),
          makeLogEntry({ id: 'elsewhere-acct', accountId: 'acct-2' }),
        ])
      })

      it('F252 lists only the gateway’s entries, without bodies', async () => {
        const page = await store().list(logQuery())
        expect(page.items.map((e) => e.id)).toEqual(ALL_ASC)
        expect(page.total).toBe(5)
        expect(page.items.every((e) => e.requestBody === null && e.responseBody === null)).toBe(true)
        expect(page.items[0]?.metadata).toEqual({ user: 'alice', plan: 'pro', n: 42 })
        expect(await listIds(logQuery({ gatewayId: 'gw-2' }))).toEqual(['elsewhere-gw'])
        expect(await listIds(logQuery({ gatewayId: 'unknown' }))).toEqual([])
      })

      it.each(orderCases)(
        'F253 orders by %s in both directions with an id tie-break',
        async (orderBy, ascending) => {
          expect(await listIds(logQuery({ orderBy, direction: 'asc' }))).toEqual(ascending)
          expect(await listIds(logQuery({ orderBy, direction: 'desc' }))).toEqual([...ascending].reverse())
        },
      )

      it('F253 breaks order_by ties on created_at, then id, in the same direction', async () => {
        await store().append([
          makeLogEntry({ id: 'z-older', gatewayId: 'gw-3', createdAt: T0, provider: 'p' }),
          makeLogEntry({ id: 'a-newer', gatewayId: 'gw-3', createdAt: T0 + 1, provider: 'p' }),
          makeLogEntry({ id: 'b-newer', gatewayId: 'gw-3', createdAt: T0 + 1, provider: 'p' }),
        ])
        const asc = await listIds(logQuery({ gatewayId: 'gw-3', orderBy: 'provider', direction: 'asc' }))
        expect(asc).toEqual(['z-older', 'a-newer', 'b-newer'])
        const desc = await listIds(logQuery({ gatewayId: 'gw-3', orderBy: 'provider', direction: 'desc' }))
        expect(desc).toEqual(['b-newer', 'a-newer', 'z-older'])
      })

      it('F253 paginates with a stable total', async () => {
        const page = (n: number) => store().list(logQuery({ direction: 'desc', page: n, perPage: 2 }))
        const pages = await Promise.all([page(1), page(2), page(3), page(4)])
        expect(pages.map((p) => p.items.map((e) => e.id))).toEqual([
          ['log-05', 'log-04'],
          ['log-03', 'log-02'],
          ['log-01'],
          [],
        ])
        expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5])
      })

      it('F253 totals count every match, not just the page', async () => {
        const page = await store().list(
          logQuery({ filters: [{ key: 'provider', operator: 'eq', value: ['openai'] }], perPage: 1 }),
        )
        expect(page.items.map((e) => e.id)).toEqual(['log-01'])
        expect(page.total).toBe(2)
      })
    })

    describe('queries', () => {
      logFilterContract(store)
    })

    describe('patch', () => {
      beforeEach(async () => {
        await store().append(sampleEntries())
      })

      it('F253 sets feedback and score and replaces metadata', async () => {
        const patched = await store().patch(ACCOUNT, GATEWAY, 'log-01', {
          feedback: -1,
          score: 42,
          metadata: { team: 'red' },
        })
        expect(patched).toBe(true)
        const got = await store().get(ACCOUNT, GATEWAY, 'log-01')
        expect([got?.feedback, got?.score, got?.metadata]).toEqual([-1, 42, { team: 'red' }])
        expect(text(got?.requestBody ?? null)).toBe('{"messages":[]}')
      })

      it('F260 patched metadata is what filters and search see', async () => {
        await store().patch(ACCOUNT, GATEWAY, 'log-01', { metadata: { team: 'red' } })
        const team = [{ key: 'metadata.team', operator: 'eq' as const, value: ['red'] }]
        expect(await listIds(logQuery({ filters: team }))).toEqual(['log-01'])
        expect(await listIds(logQuery({ search: 'alice' }))).toEqual([])
      })

      it('leaves fields the patch omits untouched and clears with null', async () => {
        await store().patch(ACCOUNT, GATEWAY, 'log-02', { score: 5 })
        let got = await store().get(ACCOUNT, GATEWAY, 'log-02')
        expect([got?.feedback, got?.score, got?.metadata]).toEqual([1, 5, { user: 'bob', vip: true }])
        await store().patch(ACCOUNT, GATEWAY, 'log-02', { feedback: null })
        got = await store().get(ACCOUNT, GATEWAY, 'log-02')
        expect([got?.feedback, got?.score]).toEqual([null, 5])
      })

      it('returns false for a missing entry or another gateway', async () => {
        expect(await store().patch(ACCOUNT, GATEWAY, 'nope', { feedback: 1 })).toBe(false)
        expect(await store().patch(ACCOUNT, 'gw-2', 'log-01', { feedback: 1 })).toBe(false)
        expect((await store().get(ACCOUNT, GATEWAY, 'log-01'))?.feedback).toBeNull()
      })

      it('rejects invalid values, naming the field', async () => {
        await expect(
          store().patch(ACCOUNT, GATEWAY, 'log-01', { score: Number.POSITIVE_INFINITY }),
        ).rejects.toThrow(/score/)
        await expect(
          store().patch(ACCOUNT, GATEWAY, 'log-01', { metadata: { x: [] as unknown as string } }),
        ).rejects.toThrow(/metadata\.x/)
      })
    })

    describe('delete, count and deleteOldest', () => {
      beforeEach(async () => {
        await store().append([...sampleEntries(), makeLogEntry({ id: 'other', gatewayId: 'gw-2' })])
      })

      it('F250 deletes every match when unlimited', async () => {
        const filters = [{ key: 'provider', operator: 'eq' as const, value: ['openai'] }]
        expect(await store().delete(logQuery({ filters }))).toBe(2)
        expect(await listIds()).toEqual(['log-02', 'log-04', 'log-05'])
        expect(await store().get(ACCOUNT, GATEWAY, 'log-01')).toBeUndefined()
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(3)
      })

      it('F250 with a limit deletes in the query order, oldest first for created_at asc', async () => {
        expect(await store().delete(logQuery({ limit: 2 }))).toBe(2)
        expect(await listIds()).toEqual(['log-03', 'log-04', 'log-05'])
        expect(await store().delete(logQuery({ limit: 2, direction: 'desc' }))).toBe(2)
        expect(await listIds()).toEqual(['log-03'])
        expect(await store().delete(logQuery({ limit: 0 }))).toBe(0)
      })

      it('F250 applies filters and search before the limit', async () => {
        const filters = [{ key: 'success', operator: 'eq' as const, value: [true] }]
        expect(
          await store().delete(logQuery({ filters, limit: 2, orderBy: 'cost', direction: 'desc' })),
        ).toBe(2)
        expect(await listIds()).toEqual(['log-01', 'log-02', 'log-03'])
        expect(await store().delete(logQuery({ search: 'claude' }))).toBe(1)
        expect(await listIds()).toEqual(['log-01', 'log-03'])
      })

      it('F250 an unfiltered delete empties only this gateway', async () => {
        expect(await store().delete(logQuery())).toBe(5)
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(0)
        expect(await store().count(ACCOUNT, 'gw-2')).toBe(1)
        expect(await store().delete(logQuery({ gatewayId: 'unknown' }))).toBe(0)
      })

      it('F249 counts per gateway', async () => {
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(5)
        expect(await store().count(ACCOUNT, 'gw-2')).toBe(1)
        expect(await store().count('acct-2', GATEWAY)).toBe(0)
      })

      it('F249 deleteOldest removes the oldest entries, ties broken by id', async () => {
        expect(await store().deleteOldest(ACCOUNT, GATEWAY, 3)).toBe(3)
        expect(await listIds()).toEqual(['log-04', 'log-05'])
        expect(await store().deleteOldest(ACCOUNT, GATEWAY, 10)).toBe(2)
        expect(await store().deleteOldest(ACCOUNT, GATEWAY, 0)).toBe(0)
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(0)
        expect(await store().count(ACCOUNT, 'gw-2')).toBe(1)
        expect(await store().deleteOldest(ACCOUNT, 'unknown', 1)).toBe(0)
      })

      it('F249 count follows appends, deletes and re-appends', async () => {
        await store().delete(logQuery({ limit: 1 }))
        await store().append([makeLogEntry({ id: 'log-06', createdAt: T0 + 6000 })])
        await store().append([makeLogEntry({ id: 'log-06', createdAt: T0 + 6000 })])
        expect(await store().count(ACCOUNT, GATEWAY)).toBe(5)
        expect((await store().list(logQuery())).total).toBe(5)
      })
    })
  })
}
