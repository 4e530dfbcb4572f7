import { describe, expect, it } from 'vitest'
import type {
  DynamicRouteRecord,
  RouteDeploymentRecord,
  RouteStore,
  RouteVersionRecord,
} from '../../core/stores.js'
import { useStore, type StoreFactory } from './store-factory.js'

const ACCOUNT = 'acct-1'
const GATEWAY = 'gw-1'
const T0 = '2025-01-01T00:00:00.000Z'
const T1 = '2025-01-02T00:00:00.000Z'
const PAGE = { page: 1, perPage: 50 }

const elements = (model: string) => [
  { id: 'start', type: 'start', outputs: { next: { elementId: 'm' } } },
  {
    id: 'm',
    type: 'model',
    properties: { provider: 'openai', model },
    outputs: { success: { elementId: 'end' } },
  },
  { id: 'end', type: 'end' },
]

function route(id: string, name: string, overrides: Partial<DynamicRouteRecord> = {}): DynamicRouteRecord {
  return { id, accountId: ACCOUNT, gatewayId: GATEWAY, name, createdAt: T0, modifiedAt: T0, ...overrides }
}

function version(id: string, routeId: string, model = 'gpt-4o-mini'): RouteVersionRecord {
  return { id, routeId, elements: elements(model), comment: null, createdAt: T0 }
}

function deployment(id: string, routeId: string, versionId: string, comment: string | null = null) {
  return { id, routeId, versionId, comment, createdAt: T0 } satisfies RouteDeploymentRecord
}

export function routeStoreContract(name: string, make: StoreFactory<RouteStore>): void {
  describe(`RouteStore contract: ${name}`, () => {
    const store = useStore(make)
    const created = async (id: string, routeName: string, deployed = true) => {
      const ok = await store().create(
        route(id, routeName),
        version(`${id}-v1`, id),
        deployed ? deployment(`${id}-d1`, id, `${id}-v1`) : undefined,
      )
      expect(ok).toBe(true)
    }

    it('F199 creates a route with its first version and deployment, read back whole', async () => {
      await created('r1', 'support')
      expect(await store().get(ACCOUNT, GATEWAY, 'r1')).toEqual(route('r1', 'support'))
      expect(await store().latestVersion(ACCOUNT, GATEWAY, 'r1')).toEqual(version('r1-v1', 'r1'))
      expect(await store().currentDeployment(ACCOUNT, GATEWAY, 'r1')).toEqual(
        deployment('r1-d1', 'r1', 'r1-v1'),
      )
      expect(await store().get(ACCOUNT, 'other-gw', 'r1')).toBeUndefined()
      expect(await store().get('other-account', GATEWAY, 'r1')).toBeUndefined()
    })

    it('F198 route names are unique within a gateway, not across gateways', async () => {
      await created('r1', 'support')
      expect(await store().create(route('r2', 'support'), version('r2-v1', 'r2'), undefined)).toBe(false)
      expect(await store().get(ACCOUNT, GATEWAY, 'r2')).toBeUndefined()
      expect(await store().latestVersion(ACCOUNT, GATEWAY, 'r2')).toBeUndefined()
      const elsewhere = route('r3', 'support', { gatewayId: 'gw-2' })
      expect(await store().create(elsewhere, version('r3-v1', 'r3'), undefined)).toBe(true)
    })

    it('lists routes newest first with totals and pages', async () => {
      await created('a', 'first')
      await created('b', 'second')
      await created('c', 'third')
      await store().create(route('z', 'elsewhere', { gatewayId: 'gw-2' }), version('z-v1', 'z'), undefined)
      const all = await store().list(ACCOUNT, GATEWAY, PAGE)
      expect(all.items.map((r) => r.id)).toEqual(['c', 'b', 'a'])
      expect(all.total).toBe(3)
      const second = await store().list(ACCOUNT, GATEWAY, { page: 2, perPage: 2 })
      expect(second).toEqual({ items: [route('a', 'first')], total: 3 })
    })

    it('renames, refusing a name another route of the gateway holds', async () => {
      await created('r1', 'one')
      await created('r2', 'two')
      expect(await store().rename(ACCOUNT, GATEWAY, 'r1', 'two', T1)).toBe('name_taken')
      expect(await store().rename(ACCOUNT, GATEWAY, 'r1', 'uno', T1)).toBe('updated')
      expect(await store().rename(ACCOUNT, GATEWAY, 'r1', 'uno', T1)).toBe('updated')
      expect(await store().rename(ACCOUNT, GATEWAY, 'nope', 'x', T1)).toBe('not_found')
      expect(await store().get(ACCOUNT, GATEWAY, 'r1')).toEqual(route('r1', 'uno', { modifiedAt: T1 }))
      expect((await store().deployed(ACCOUNT, GATEWAY, 'uno'))?.route.id).toBe('r1')
      expect(await store().deployed(ACCOUNT, GATEWAY, 'one')).toBeUndefined()
    })

    it('F196 a new version is a draft: the deployed version keeps serving until it is deployed', async () => {
      await created('r1', 'support')
      expect(await store().addVersion(ACCOUNT, GATEWAY, version('r1-v2', 'r1', 'gpt-4o'), T1)).toBe(true)
      expect((await store().get(ACCOUNT, GATEWAY, 'r1'))?.modifiedAt).toBe(T1)
      expect((await store().latestVersion(ACCOUNT, GATEWAY, 'r1'))?.id).toBe('r1-v2')
      expect((await store().deployed(ACCOUNT, GATEWAY, 'support'))?.version.id).toBe('r1-v1')

      expect(await store().deploy(ACCOUNT, GATEWAY, deployment('r1-d2', 'r1', 'r1-v2', 'go'), T1)).toBe(true)
      const live = await store().deployed(ACCOUNT, GATEWAY, 'support')
      expect(live?.version).toEqual(version('r1-v2', 'r1', 'gpt-4o'))
      expect(live?.deployment).toEqual(deployment('r1-d2', 'r1', 'r1-v2', 'go'))
    })

    it('F196 rollback: deploying an older version makes it live again', async () => {
      await created('r1', 'support')
      await store().addVersion(ACCOUNT, GATEWAY, version('r1-v2', 'r1', 'gpt-4o'), T1)
      await store().deploy(ACCOUNT, GATEWAY, deployment('r1-d2', 'r1', 'r1-v2'), T1)
      await store().deploy(ACCOUNT, GATEWAY, deployment('r1-d3', 'r1', 'r1-v1'), T1)
      expect((await store().deployed(ACCOUNT, GATEWAY, 'support'))?.version.id).toBe('r1-v1')
      const history = await store().listDeployments(ACCOUNT, GATEWAY, 'r1', PAGE)
      expect(history.items.map((d) => [d.id, d.versionId])).toEqual([
        ['r1-d3', 'r1-v1'],
        ['r1-d2', 'r1-v2'],
        ['r1-d1', 'r1-v1'],
      ])
      expect(history.total).toBe(3)
    })

    it('lists and gets versions newest first, only through their own route and gateway', async () => {
      await created('r1', 'one')
      await created('r2', 'two')
      await store().addVersion(ACCOUNT, GATEWAY, version('r1-v2', 'r1'), T1)
      const versions = await store().listVersions(ACCOUNT, GATEWAY, 'r1', PAGE)
      expect(versions.items.map((v) => v.id)).toEqual(['r1-v2', 'r1-v1'])
      expect(versions.total).toBe(2)
      expect(await store().getVersion(ACCOUNT, GATEWAY, 'r1', 'r1-v1')).toEqual(version('r1-v1', 'r1'))
      expect(await store().getVersion(ACCOUNT, GATEWAY, 'r2', 'r1-v1')).toBeUndefined()
      expect(await store().getVersion(ACCOUNT, 'other-gw', 'r1', 'r1-v1')).toBeUndefined()
      expect(await store().listVersions(ACCOUNT, 'other-gw', 'r1', PAGE)).toEqual({ items: [], total: 0 })
    })

    it('refuses versions and deployments for unknown routes, and versions of another route', async () => {
      await created('r1', 'one')
      await created('r2', 'two')
      expect(await store().addVersion(ACCOUNT, GATEWAY, version('x-v1', 'nope'), T1)).toBe(false)
      expect(await store().addVersion(ACCOUNT, 'other-gw', version('x-v2', 'r1'), T1)).toBe(false)
      expect(await store().deploy(ACCOUNT, GATEWAY, deployment('d', 'r1', 'r2-v1'), T1)).toBe(false)
      expect(await store().deploy(ACCOUNT, GATEWAY, deployment('d', 'r1', 'missing'), T1)).toBe(false)
      expect((await store().listDeployments(ACCOUNT, GATEWAY, 'r1', PAGE)).total).toBe(1)
      expect((await store().get(ACCOUNT, GATEWAY, 'r1'))?.modifiedAt).toBe(T0)
    })

    it('a route that was never deployed serves nothing', async () => {
      await created('r1', 'draft', false)
      expect(await store().deployed(ACCOUNT, GATEWAY, 'draft')).toBeUndefined()
      expect(await store().currentDeployment(ACCOUNT, GATEWAY, 'r1')).toBeUndefined()
      expect(await store().deployed(ACCOUNT, GATEWAY, 'unknown')).toBeUndefined()
    })

    it('deletes a route with its versions and deployments; the name is free again', async () => {
      await created('r1', 'support')
      expect(await store().delete(ACCOUNT, 'other-gw', 'r1')).toBe(false)
      expect(await store().delete(ACCOUNT, GATEWAY, 'r1')).toBe(true)
      expect(await store().delete(ACCOUNT, GATEWAY, 'r1')).toBe(false)
      expect(await store().deployed(ACCOUNT, GATEWAY, 'support')).toBeUndefined()
      expect(await store().listVersions(ACCOUNT, GATEWAY, 'r1', PAGE)).toEqual({ items: [], total: 0 })
      expect(await store().listDeployments(ACCOUNT, GATEWAY, 'r1', PAGE)).toEqual({ items: [], total: 0 })
      await created('r2', 'support')
      expect((await store().deployed(ACCOUNT, GATEWAY, 'support'))?.route.id).toBe('r2')
    })

    it('deleteGateway removes only that gateway’s routes', async () => {
      await created('r1', 'one')
      await created('r2', 'two')
      await store().create(route('z', 'one', { gatewayId: 'gw-2' }), version('z-v1', 'z'), undefined)
      expect(await store().deleteGateway(ACCOUNT, GATEWAY)).toBe(2)
      expect((await store().list(ACCOUNT, GATEWAY, PAGE)).total).toBe(0)
      expect((await store().list(ACCOUNT, 'gw-2', PAGE)).total).toBe(1)
    })

    it('returns copies: changing a result does not change the store', async () => {
      await created('r1', 'support')
      const first = await store().latestVersion(ACCOUNT, GATEWAY, 'r1')
      first!.elements[0]!.id = 'mutated'
      const listed = await store().list(ACCOUNT, GATEWAY, PAGE)
      listed.items[0]!.name = 'mutated'
      expect((await store().latestVersion(ACCOUNT, GATEWAY, 'r1'))?.elements[0]?.id).toBe('start')
      expect((await store().get(ACCOUNT, GATEWAY, 'r1'))?.name).toBe('support')
    })
  })
}
