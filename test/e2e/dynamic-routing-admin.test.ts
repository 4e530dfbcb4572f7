import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRoute, end, model, single, start, type Elements } from './support/route-elements.js'
import { startTestApp, type TestApp } from './support/test-app.js'

const GW = 'dyn-admin'

describe('dynamic routes: management API (F196, F199, F345)', () => {
  let app: TestApp
  let account_id: string
  const routes = () => app.cloudflare.aiGateway.dynamicRouting
  const create = (name: string, elements: unknown[]) =>
    createRoute(app.cloudflare, GW, account_id, name, elements)

  beforeAll(async () => {
    app = await startTestApp()
    account_id = app.accountId
    await app.createGateway(GW)
  })
  afterAll(() => app.stop())

  describe('management API through the cloudflare SDK (F196, F199)', () => {
    it('F199 create deploys at once; list, get and update show the route in the docs’ spelling', async () => {
      const created = await create('crud', [
        start('c'),
        {
          id: 'c',
          type: 'conditional',
          properties: { conditions: { 'metadata.plan': { $eq: 'free' } } },
          outputs: { true: { elementId: 'lim' }, false: { elementId: 'm' } },
        },
        {
          id: 'lim',
          type: 'rate',
          properties: { limitType: 'count', key: 'metadata.user_id', limit: 5, window: 60 },
          outputs: { success: { elementId: 'm' } },
        },
        model('m', 'openai', 'gpt-4o-mini'),
        end,
      ])
      expect(created).toMatchObject({ name: 'crud', gateway_id: GW, version: { active: 'true' } })
      expect(created.deployment.version_id).toBe(created.version.version_id)
      // F345: the SDK's spelling was accepted and is shown as the docs spell it.
      expect(created.elements[1]).toMatchObject({
        properties: { condition: { 'metadata.plan': { $eq: 'free' } } },
      })
      expect(created.elements[2]).toMatchObject({
        type: 'rate_limit',
        properties: { interval: 60, technique: 'fixed' },
      })

      const listed = await routes().list(GW, { account_id })
      expect(listed.success).toBe(true)
      expect(listed.data.routes.map((r) => r.name)).toContain('crud')
      const fetched = await routes().get(created.id, { account_id, gateway_id: GW })
      expect(fetched).toMatchObject({ id: created.id, account_tag: account_id, elements: created.elements })

      const renamed = await routes().update(created.id, { account_id, gateway_id: GW, name: 'crud-2' })
      expect(renamed.route).toMatchObject({ id: created.id, name: 'crud-2' })
      expect((await routes().get(created.id, { account_id, gateway_id: GW })).name).toBe('crud-2')

      const deleted = await routes().delete(created.id, { account_id, gateway_id: GW })
      expect(deleted).toMatchObject({ id: created.id, name: 'crud-2' })
      await expect(routes().get(created.id, { account_id, gateway_id: GW })).rejects.toMatchObject({
        status: 404,
      })
    })

    it('F196 versions are drafts until deployed; deployments list newest first', async () => {
      const created = await create('versions', single('openai', 'gpt-4o-mini'))
      const v1 = created.version.version_id
      const draft = await routes().createVersion(created.id, {
        account_id,
        gateway_id: GW,
        elements: single('anthropic', 'claude-sonnet-4-5') as Elements,
      })
      const v2 = (draft as typeof draft & { version: { version_id: string } }).version.version_id
      expect(draft.elements[1]).toMatchObject({ properties: { provider: 'anthropic' } })

      const versions = await routes().listVersions(created.id, { account_id, gateway_id: GW })
      expect(versions.data.versions.map((v) => [v.version_id, v.active])).toEqual([
        [v2, 'false'],
        [v1, 'true'],
      ])
      const fetched = await routes().getVersion(v2, { account_id, gateway_id: GW, id: created.id })
      expect(fetched).toMatchObject({ id: created.id, version_id: v2, active: 'false' })
      expect(JSON.parse(fetched.data)).toEqual(fetched.elements)

      await routes().createDeployment(created.id, { account_id, gateway_id: GW, version_id: v2 })
      const deployments = await routes().listDeployments(created.id, { account_id, gateway_id: GW })
      expect(deployments.data.deployments.map((d) => d.version_id)).toEqual([v2, v1])
      const now = await routes().get(created.id, { account_id, gateway_id: GW })
      expect(now.deployment.version_id).toBe(v2)
      expect(now.version).toMatchObject({ version_id: v2, active: 'true' })
    })

    it('invalid routes are refused with errors naming the element and field', async () => {
      const refused = create('broken', [
        start('c'),
        {
          id: 'is-free',
          type: 'conditional',
          properties: { condition: { 'metadata.plan': { $regex: '^free' } } },
          outputs: { true: { elementId: 'm' }, false: { elementId: 'nowhere' } },
        },
        model('m', 'openai', 'gpt-4o-mini'),
        end,
      ])
      await expect(refused).rejects.toMatchObject({
        status: 400,
        errors: [
          {
            code: 2005,
            message: expect.stringMatching(
              /^element 'is-free' properties\.condition\.metadata\.plan\.\$regex: operator \$regex/,
            ),
          },
        ],
      })
      await expect(
        create('graph', [start('m'), model('m', 'openai', 'x', 'ghost'), end]),
      ).rejects.toMatchObject({
        status: 400,
        errors: [
          {
            message: "element 'm' outputs.fallback points at 'ghost', which is not an element of this route",
          },
        ],
      })
      await create('taken', single('openai', 'gpt-4o-mini'))
      await expect(create('taken', single('openai', 'gpt-4o-mini'))).rejects.toMatchObject({
        status: 409,
        errors: [{ code: 2120 }],
      })
    })
  })

  describe('management API edge cases (raw requests)', () => {
    const base = () => `/accounts/${account_id}/ai-gateway/gateways/${GW}/routes`
    const status = (request: Promise<unknown>) =>
      request.then(
        () => 200,
        (error: { status?: number; errors?: Array<{ message: string; path?: unknown }> }) => ({
          status: error.status,
          errors: error.errors?.map((e) => [e.message, e.path]),
        }),
      )

    it('refuses unknown fields, bad names, unknown versions, routes and gateways', async () => {
      const elements = single('openai', 'gpt-4o-mini')
      expect(
        await status(app.cloudflare.post(base(), { body: { name: 'x', elements, colour: 'red' } })),
      ).toEqual({
        status: 400,
        errors: [['colour is not a recognised field (name, elements, comment)', ['body', 'colour']]],
      })
      expect(await status(app.cloudflare.post(base(), { body: { name: 'a/b', elements } }))).toMatchObject({
        status: 400,
        errors: [[expect.stringMatching(/^name must be 1–64 characters/), ['body', 'name']]],
      })
      const route = await create('edges', elements)
      expect(
        await status(
          app.cloudflare.post(`${base()}/${route.id}/deployments`, { body: { version_id: 'nope' } }),
        ),
      ).toEqual({
        status: 404,
        errors: [[`version_id "nope" is not a version of route "${route.id}"`, ['body', 'version_id']]],
      })
      expect(await status(app.cloudflare.get(`${base()}/missing`))).toMatchObject({ status: 404 })
      expect(
        await status(app.cloudflare.get(`/accounts/${account_id}/ai-gateway/gateways/no-gw/routes`)),
      ).toMatchObject({ status: 404 })
      expect(await status(app.cloudflare.get(`${base()}?per_page=1&colour=red`))).toMatchObject({
        status: 400,
      })
      const page = (await app.cloudflare.get(`${base()}?per_page=1`)) as {
        data: { routes: unknown[]; per_page: number }
      }
      expect(page.data).toMatchObject({ per_page: 1, routes: [expect.anything()] })
    })
  })
})
