import { describe, expect, it } from 'vitest'
import type { RouteVersionRecord } from '../core/stores.js'
import { MemoryRouteStore } from '../store/memory/memory-route-store.js'
import { RouteDirectory } from './route-directory.js'

const AT = '2025-01-01T00:00:00.000Z'
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
const version = (id: string, model: string): RouteVersionRecord => ({
  id,
  routeId: 'r',
  elements: elements(model),
  comment: null,
  createdAt: AT,
})

async function setup() {
  const store = new MemoryRouteStore()
  let now = 0
  const directory = new RouteDirectory({ store, clock: { now: () => now }, ttlMs: 1000 })
  await store.create(
    { id: 'r', accountId: 'a', gatewayId: 'g', name: 'support', createdAt: AT, modifiedAt: AT },
    version('v1', 'one'),
    { id: 'd1', routeId: 'r', versionId: 'v1', comment: null, createdAt: AT },
  )
  await store.addVersion('a', 'g', version('v2', 'two'), AT)
  const deploy = (id: string, versionId: string) =>
    store.deploy('a', 'g', { id, routeId: 'r', versionId, comment: null, createdAt: AT }, AT)
  const modelOf = async () => {
    const live = await directory.find('a', 'g', 'support')
    const start = live?.compiled.start
    return start?.next.type === 'model' ? start.next.target.model : undefined
  }
  return { store, directory, deploy, modelOf, advance: (ms: number) => void (now += ms) }
}

describe('RouteDirectory (F186, F196)', () => {
  it('serves the deployed version, compiled', async () => {
    const { directory, modelOf } = await setup()
    expect(await modelOf()).toBe('one')
    expect(await directory.find('a', 'g', 'missing')).toBeUndefined()
    expect(await directory.find('a', 'other', 'support')).toBeUndefined()
  })

  it('F196 a deployment applies at once after invalidate, and within the TTL without it', async () => {
    const { directory, deploy, modelOf, advance } = await setup()
    expect(await modelOf()).toBe('one')
    await deploy('d2', 'v2')
    expect(await modelOf()).toBe('one')
    directory.invalidate('a', 'g')
    expect(await modelOf()).toBe('two')
    await deploy('d3', 'v1')
    advance(1000)
    expect(await modelOf()).toBe('one')
  })

  it('a stored version that no longer validates fails with a message naming the route and version', async () => {
    const { store, directory, deploy } = await setup()
    await store.addVersion(
      'a',
      'g',
      { ...version('v3', 'x'), elements: [{ id: 'start', type: 'start' }] },
      AT,
    )
    await deploy('d4', 'v3')
    directory.invalidate('a', 'g')
    await expect(directory.find('a', 'g', 'support')).rejects.toMatchObject({
      kind: 'internal',
      message: expect.stringContaining('deployed version v3 of dynamic route "support" is no longer valid'),
    })
  })
})
