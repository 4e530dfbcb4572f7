import { beforeEach, describe, expect, it } from 'vitest'
import { defaultGatewaySettings, defaultSettings, type GatewaySettings } from '../../core/gateway-settings.js'
import type { GatewayStore } from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

const ACCOUNT = 'acct-1'

function gateway(id: string, createdAt: string, overrides: Partial<GatewaySettings> = {}): GatewaySettings {
  return { ...defaultSettings(id, createdAt), ...overrides }
}

export function gatewayStoreContract(name: string, make: StoreFactory<GatewayStore>): void {
  describe(`GatewayStore contract: ${name}`, () => {
    const store = useStore(make)
    const listIds = async (search: string | undefined, page = 1, perPage = 50) => {
      const result = await store().list(ACCOUNT, { search, page, perPage })
      return { ids: result.items.map((g) => g.id), total: result.total }
    }

    it('F295 creates and reads back every setting', async () => {
      const settings = gateway('my-gateway', '2025-01-01T00:00:00.000Z', {
        cache_ttl: 3600,
        rate_limiting_limit: 100,
        dlp: {
          enabled: true,
          policies: [{ id: 'p1', action: 'BLOCK', check: ['REQUEST'], enabled: true, profiles: ['x'] }],
        },
        guardrails: { prompt: { S1: 'BLOCK' }, response: {} },
        otel: [{ url: 'https://otel.test/v1/traces', headers: { 'x-k': 'v' } }],
      })
      expect(await store().create(ACCOUNT, settings)).toBe(true)
      expect(await store().get(ACCOUNT, 'my-gateway')).toEqual(settings)
    })

    it('F089 stores the default gateway like any other', async () => {
      const settings = defaultGatewaySettings('2025-01-01T00:00:00.000Z')
      await store().create(ACCOUNT, settings)
      expect(await store().get(ACCOUNT, 'default')).toEqual(settings)
    })

    it('refuses a duplicate id and keeps the original', async () => {
      await store().create(ACCOUNT, gateway('gw', '2025-01-01T00:00:00.000Z', { cache_ttl: 1 }))
      expect(await store().create(ACCOUNT, gateway('gw', '2025-01-02T00:00:00.000Z', { cache_ttl: 2 }))).toBe(
        false,
      )
      expect((await store().get(ACCOUNT, 'gw'))?.cache_ttl).toBe(1)
    })

    it('scopes ids by account', async () => {
      expect(await store().create(ACCOUNT, gateway('gw', '2025-01-01T00:00:00.000Z', { cache_ttl: 1 }))).toBe(
        true,
      )
      expect(
        await store().create('acct-2', gateway('gw', '2025-01-01T00:00:00.000Z', { cache_ttl: 2 })),
      ).toBe(true)
      expect((await store().get(ACCOUNT, 'gw'))?.cache_ttl).toBe(1)
      expect((await store().get('acct-2', 'gw'))?.cache_ttl).toBe(2)
      expect(await store().get('acct-3', 'gw')).toBeUndefined()
    })

    it('updates an existing gateway and refuses a missing one', async () => {
      await store().create(ACCOUNT, gateway('gw', '2025-01-01T00:00:00.000Z'))
      const changed = gateway('gw', '2025-01-01T00:00:00.000Z', {
        cache_ttl: 7200,
        modified_at: '2025-02-01T00:00:00.000Z',
      })
      expect(await store().update(ACCOUNT, changed)).toBe(true)
      expect(await store().get(ACCOUNT, 'gw')).toEqual(changed)
      expect(await store().update(ACCOUNT, gateway('missing', '2025-01-01T00:00:00.000Z'))).toBe(false)
      expect(await store().update('acct-2', changed)).toBe(false)
      expect(await store().get(ACCOUNT, 'missing')).toBeUndefined()
    })

    it('deletes once', async () => {
      await store().create(ACCOUNT, gateway('gw', '2025-01-01T00:00:00.000Z'))
      expect(await store().delete('acct-2', 'gw')).toBe(false)
      expect(await store().delete(ACCOUNT, 'gw')).toBe(true)
      expect(await store().delete(ACCOUNT, 'gw')).toBe(false)
      expect(await store().get(ACCOUNT, 'gw')).toBeUndefined()
    })

    it('hands out copies', async () => {
      await store().create(ACCOUNT, gateway('gw', '2025-01-01T00:00:00.000Z'))
      const got = await store().get(ACCOUNT, 'gw')
      if (got) got.cache_ttl = 999
      expect((await store().get(ACCOUNT, 'gw'))?.cache_ttl).toBe(0)
    })

    describe('list', () => {
      beforeEach(async () => {
        await store().create(ACCOUNT, gateway('prod-chat', '2025-01-03T00:00:00.000Z'))
        await store().create(ACCOUNT, gateway('default', '2025-01-01T00:00:00.000Z'))
        await store().create(ACCOUNT, gateway('staging-chat', '2025-01-02T00:00:00.000Z'))
        await store().create(ACCOUNT, gateway('b-same-time', '2025-01-04T00:00:00.000Z'))
        await store().create(ACCOUNT, gateway('a-same-time', '2025-01-04T00:00:00.000Z'))
        await store().create('acct-2', gateway('foreign-chat', '2025-01-01T00:00:00.000Z'))
      })

      it('F295 lists the account’s gateways oldest first, ties by id', async () => {
        expect(await listIds(undefined)).toEqual({
          ids: ['default', 'staging-chat', 'prod-chat', 'a-same-time', 'b-same-time'],
          total: 5,
        })
      })

      it('F295 paginates with the full total', async () => {
        expect(await listIds(undefined, 1, 2)).toEqual({ ids: ['default', 'staging-chat'], total: 5 })
        expect(await listIds(undefined, 3, 2)).toEqual({ ids: ['b-same-time'], total: 5 })
        expect(await listIds(undefined, 4, 2)).toEqual({ ids: [], total: 5 })
      })

      it('F295 searches ids by case-insensitive substring', async () => {
        expect(await listIds('CHAT')).toEqual({ ids: ['staging-chat', 'prod-chat'], total: 2 })
        expect(await listIds('CHAT', 2, 1)).toEqual({ ids: ['prod-chat'], total: 2 })
        expect(await listIds('nothing')).toEqual({ ids: [], total: 0 })
        expect(await listIds('  ')).toEqual(expect.objectContaining({ total: 5 }))
      })

      it('rejects an invalid page', async () => {
        await expect(store().list(ACCOUNT, { page: 0, perPage: 10 })).rejects.toThrow(/page/)
        await expect(store().list(ACCOUNT, { page: 1, perPage: 0 })).rejects.toThrow(/per_page/)
      })
    })
  })
}
