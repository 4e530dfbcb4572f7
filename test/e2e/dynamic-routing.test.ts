import { randomBytes } from 'node:crypto'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { percentageDraw } from '../../src/dynamic-routes/percentage.js'
import { json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { anthropicMock, openaiMock } from './support/provider-mocks.js'
import { createRoute, end, model, single, start, type Elements } from './support/route-elements.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const tag = randomBytes(6).toString('hex')
const OPENAI_KEY = `sk-openai-STORED-${tag}`
const ANTHROPIC_KEY = `sk-ant-STORED-${tag}`
const GW = 'dyn'
const messages = [{ role: 'user' as const, content: 'What is a neuron?' }]

describe('dynamic routes on /compat (F186–F198, F333, F149, F173, F197)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let account_id: string
  let openai: OpenAI

  /** Which upstream model served each request, in order. */
  const served = (): string[] =>
    mock.requests.map((r) => String((JSON.parse(r.body.toString()) as { model: string }).model))

  const routes = () => app.cloudflare.aiGateway.dynamicRouting
  const create = (name: string, elements: unknown[]) =>
    createRoute(app.cloudflare, GW, account_id, name, elements)
  const chat = (route: string, metadata?: Record<string, string>) =>
    openai.chat.completions
      .create(
        { model: `dynamic/${route}`, messages },
        metadata ? { headers: { 'cf-aig-metadata': JSON.stringify(metadata) } } : {},
      )
      .withResponse()

  beforeAll(async () => {
    await mock.start()
    mock.handle((request: RecordedRequest, response) => {
      const body = JSON.parse(request.body.toString()) as { model?: string }
      if (request.url === '/v1/chat/completions') {
        if (request.headers.authorization !== `Bearer ${OPENAI_KEY}`)
          return json(response, 401, { error: { message: 'wrong OpenAI key' } })
        if (body.model === 'broken') return json(response, 500, { error: { message: 'model down' } })
        return openaiMock(request, response)
      }
      if (request.url === '/v1/messages') {
        if (request.headers['x-api-key'] !== ANTHROPIC_KEY)
          return json(response, 401, {
            type: 'error',
            error: { type: 'authentication_error', message: 'key' },
          })
        return anthropicMock(request, response)
      }
      json(response, 404, { error: { message: `mock has no ${request.url}` } })
    })
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`, AIGW_UPSTREAM_ANTHROPIC: mock.url })
    account_id = app.accountId
    // F187: an authenticated gateway with the upstream keys stored (BYOK).
    await app.createGateway(GW, { authentication: true, collect_logs: true })
    for (const [provider_slug, secret] of [
      ['openai', OPENAI_KEY],
      ['anthropic', ANTHROPIC_KEY],
    ] as const) {
      await app.cloudflare.aiGateway.providerConfigs.create(GW, {
        account_id,
        provider_slug,
        alias: 'default',
        default_config: true,
        secret,
      })
    }
    // The docs' usage: the gateway token is the OpenAI SDK's apiKey; routes use the stored keys.
    openai = new OpenAI({ apiKey: app.adminToken, baseURL: `${app.gatewayUrl(GW)}/compat`, maxRetries: 0 })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  describe('requests with model "dynamic/<name>" through the OpenAI SDK (F186, F333)', () => {
    it('F191 F197 a conditional on metadata.plan picks the model; headers name what served', async () => {
      await create('by-plan', [
        start('plan'),
        {
          id: 'plan',
          type: 'conditional',
          properties: { condition: { 'metadata.plan': { $eq: 'free' } } },
          outputs: { true: { elementId: 'mini' }, false: { elementId: 'claude' } },
        },
        model('mini', 'openai', 'gpt-4o-mini'),
        model('claude', 'anthropic', 'claude-sonnet-4-5'),
        end,
      ])
      const free = await chat('by-plan', { plan: 'free' })
      expect(free.data.choices[0]?.message.content).toBe('Hello from OpenAI-compatible')
      expect(free.response.headers.get('cf-aig-provider')).toBe('openai')
      expect(free.response.headers.get('cf-aig-model')).toBe('gpt-4o-mini')
      const paid = await chat('by-plan', { plan: 'paid' })
      expect(paid.data.choices[0]?.message.content).toBe('Bonjour from Claude')
      expect(paid.response.headers.get('cf-aig-provider')).toBe('anthropic')
      expect(paid.response.headers.get('cf-aig-model')).toBe('claude-sonnet-4-5')
      // The gateway token never reaches a provider: stored keys were injected (F187).
      expect(mock.requests.map((r) => r.headers.authorization ?? r.headers['x-api-key'])).toEqual([
        `Bearer ${OPENAI_KEY}`,
        ANTHROPIC_KEY,
      ])

      await settled(app)
      const logId = paid.response.headers.get('cf-aig-log-id')!
      const entry = await app.stores.logs.get(account_id, GW, logId)
      expect(entry).toMatchObject({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        path: 'chat/completions',
      })
      expect(entry?.extra.route).toMatchObject({ name: 'by-plan', path: ['start', 'plan', 'claude', 'end'] })
    })

    it('F192 a 10/90 split lands near 10/90 over 1,000 requests, each decided by its own log id', async () => {
      await create('split', [
        start('split'),
        { id: 'split', type: 'percentage', outputs: { '10%': { elementId: 'a' }, else: { elementId: 'b' } } },
        model('a', 'openai', 'canary'),
        model('b', 'openai', 'stable'),
        end,
      ])
      const results: Array<{ model: string; logId: string }> = []
      for (let batch = 0; batch < 40; batch++) {
        const replies = await Promise.all(Array.from({ length: 25 }, () => chat('split')))
        for (const reply of replies) {
          results.push({
            model: reply.response.headers.get('cf-aig-model')!,
            logId: reply.response.headers.get('cf-aig-log-id')!,
          })
        }
      }
      const canary = results.filter((r) => r.model === 'canary').length
      expect(canary).toBeGreaterThan(60)
      expect(canary).toBeLessThan(140)
      expect(results.filter((r) => r.model === 'stable').length).toBe(1000 - canary)
      // Deterministic: every request's branch is the one its log id draws.
      for (const { model: name, logId } of results) {
        expect(name).toBe(percentageDraw(logId, 'split') < 10 ? 'canary' : 'stable')
      }
    })

    it('F173 F193 a per-user count limit sends a user over quota to the fallback', async () => {
      await create('per-user', [
        start('quota'),
        {
          id: 'quota',
          type: 'rate_limit',
          properties: {
            limitType: 'count',
            key: 'metadata.user_id',
            limit: 2,
            interval: 3600,
            technique: 'sliding',
          },
          outputs: { success: { elementId: 'big' }, fallback: { elementId: 'small' } },
        },
        model('big', 'openai', 'gpt-4o'),
        model('small', 'openai', 'gpt-4o-mini'),
        end,
      ])
      const models: string[] = []
      for (const user of ['u1', 'u1', 'u1', 'u2']) {
        models.push((await chat('per-user', { user_id: user })).response.headers.get('cf-aig-model')!)
      }
      expect(models).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o-mini', 'gpt-4o'])
    })

    it('F149 a limit without fallback ends the route with 429 and Retry-After', async () => {
      await create('hard-limit', [
        start('quota'),
        {
          id: 'quota',
          type: 'rate_limit',
          properties: {
            limitType: 'count',
            key: 'metadata.user_id',
            limit: 1,
            interval: 60,
            technique: 'fixed',
          },
          outputs: { success: { elementId: 'm' } },
        },
        model('m', 'openai', 'gpt-4o-mini'),
        end,
      ])
      await chat('hard-limit', { user_id: 'solo' })
      const refused = await chat('hard-limit', { user_id: 'solo' }).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError)
      const error = refused as InstanceType<typeof OpenAI.RateLimitError>
      expect(error.message).toMatch(/route element 'quota' allows 1 request per 60 s/)
      expect(Number(error.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(mock.requests).toHaveLength(1)
    })

    it('F194 a failing model hands over to its fallback, streaming included', async () => {
      await create('failover', [
        start('primary'),
        model('primary', 'openai', 'broken', 'backup'),
        model('backup', 'anthropic', 'claude-sonnet-4-5'),
        end,
      ])
      const reply = await chat('failover')
      expect(reply.data.choices[0]?.message.content).toBe('Bonjour from Claude')
      expect(reply.response.headers.get('cf-aig-provider')).toBe('anthropic')
      expect(served()).toEqual(['broken', 'claude-sonnet-4-5'])

      mock.reset()
      const stream = await openai.chat.completions.create({
        model: 'dynamic/failover',
        messages,
        stream: true,
      })
      let text = ''
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
      expect(text).toBe('Bonjour from Claude')
      expect(served()).toEqual(['broken', 'claude-sonnet-4-5'])
    })

    it('F196 deploying a new version and rolling back switch behaviour on the next request', async () => {
      const route = await create('rollback', single('openai', 'gpt-4o-mini'))
      const v1 = route.version.version_id
      const ids = { account_id, gateway_id: GW }
      const servedBy = async () => (await chat('rollback')).response.headers.get('cf-aig-provider')
      expect(await servedBy()).toBe('openai')

      const draft = await routes().createVersion(route.id, {
        ...ids,
        elements: single('anthropic', 'claude-sonnet-4-5') as Elements,
      })
      const v2 = (draft as typeof draft & { version: { version_id: string } }).version.version_id
      expect(await servedBy()).toBe('openai')
      await routes().createDeployment(route.id, { ...ids, version_id: v2 })
      expect(await servedBy()).toBe('anthropic')
      await routes().createDeployment(route.id, { ...ids, version_id: v1 })
      expect(await servedBy()).toBe('openai')
    })

    it('F193 a budget (cost) limit charges each request’s cost when it ends, then takes the fallback', async () => {
      // The mock reports 13 + 6 tokens: about USD 0.0000056 for gpt-4o-mini, so a USD 0.00001 budget lasts two.
      await create('budget', [
        start('budget'),
        {
          id: 'budget',
          type: 'rate_limit',
          properties: {
            limitType: 'cost',
            key: 'metadata.team',
            limit: 0.00001,
            interval: 3600,
            technique: 'fixed',
          },
          outputs: { success: { elementId: 'paid' }, fallback: { elementId: 'cheap' } },
        },
        model('paid', 'openai', 'gpt-4o-mini'),
        model('cheap', 'anthropic', 'claude-sonnet-4-5'),
        end,
      ])
      const providers: Array<string | null> = []
      for (const team of ['blue', 'blue', 'blue', 'red']) {
        providers.push((await chat('budget', { team })).response.headers.get('cf-aig-provider'))
        await settled(app)
      }
      expect(providers).toEqual(['openai', 'openai', 'anthropic', 'openai'])
    })

    it('an unknown route is a 400 naming it', async () => {
      const refused = await chat('no-such-route').catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError)
      expect((refused as Error).message).toMatch(/no dynamic route named "no-such-route" is deployed/)
    })
  })
})
