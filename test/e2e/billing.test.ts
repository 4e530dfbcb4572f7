import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockUpstream } from './support/mock-upstream.js'
import { openaiMock } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const configDir = mkdtempSync(join(tmpdir(), 'aigw-billing-config-'))
// The OpenAI mock reports 13 prompt and 6 completion tokens: 0.013 + 0.012 = $0.025 per request.
const PRICING = `pricing:
  - provider: openai
    model: gpt-4o-mini
    input_per_token: 0.001
    output_per_token: 0.002
`

describe('credits for stored-key traffic (F231, F232, F234, F302)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let account_id: string
  const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] }
  const billingPath = () => `/accounts/${account_id}/ai-gateway/billing`
  const stored = () =>
    new OpenAI({ apiKey: app.adminToken, baseURL: `${app.gatewayUrl('paid')}/openai`, maxRetries: 0 })
  const balance = async () => (await app.cloudflare.aiGateway.billing.creditBalance({ account_id })).balance
  const addCredits = (amount: number) =>
    app.cloudflare.post<{ result: { amount: number; balance: number } }>(`${billingPath()}/credits`, {
      body: { amount, note: 'test top-up' },
    })

  beforeAll(async () => {
    await mock.start()
    mock.handle(openaiMock)
    const configFile = join(configDir, 'aigw.yaml')
    writeFileSync(configFile, PRICING)
    app = await startTestApp({ AIGW_CONFIG: configFile, AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` })
    account_id = app.accountId
    await app.createGateway('paid', { authentication: true })
    await app.cloudflare.aiGateway.providerConfigs.create('paid', {
      account_id,
      provider_slug: 'openai',
      alias: 'default',
      default_config: true,
      secret: 'sk-operator-key-0123456789',
    })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
    rmSync(configDir, { recursive: true, force: true })
  })
  beforeEach(() => mock.reset())

  it('F231 an account that never received credits is not metered', async () => {
    await stored().chat.completions.create(chat)
    await settled(app)
    const credit = await app.cloudflare.aiGateway.billing.creditBalance({ account_id })
    expect(credit).toMatchObject({ balance: 0, has_default_payment_method: false, payment_method: null })
  })

  it('F232 credits are added in US dollars through the management API; bad amounts name the field', async () => {
    const added = await addCredits(0.05)
    expect(added.result).toEqual({ amount: 0.05, balance: 0.05 })
    expect(await balance()).toBe(0.05)
    const response = await fetch(`${app.url}/client/v4${billingPath()}/credits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: -5 }),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(/"path":\["body","amount"\]/)
  })

  it('F231 each stored-key request spends its computed cost; at zero the next one is refused with 402', async () => {
    await stored().chat.completions.create(chat)
    await settled(app)
    expect(await balance()).toBeCloseTo(0.025, 9)
    await stored().chat.completions.create(chat)
    await settled(app)
    expect(await balance()).toBeCloseTo(0, 9)
    mock.reset()
    const failure = await stored()
      .chat.completions.create(chat)
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(402)
    expect(JSON.stringify((failure as InstanceType<typeof OpenAI.APIError>).error)).toMatch(
      /2051.*add credits/,
    )
    expect(mock.requests).toHaveLength(0)
  })

  it('F231 requests with the client’s own key neither spend credits nor are refused', async () => {
    const own = new OpenAI({
      apiKey: 'sk-client-own-key',
      baseURL: `${app.gatewayUrl('paid')}/openai`,
      defaultHeaders: { 'cf-aig-authorization': `Bearer ${app.adminToken}` },
      maxRetries: 0,
    })
    await own.chat.completions.create(chat)
    await settled(app)
    expect(mock.last().headers.authorization).toBe('Bearer sk-client-own-key')
    expect(await balance()).toBeCloseTo(0, 9)
  })

  it('F302 usageHistory reports the spend per window; the ledger lists every movement', async () => {
    const history = await app.cloudflare.aiGateway.billing.usageHistory({
      account_id,
      value_grouping_window: 'hour',
    })
    // The last 48 hours, widened to whole hours at both ends.
    expect([48, 49]).toContain(history.history.length)
    const total = history.history.reduce((sum, window) => sum + window.aggregated_value, 0)
    expect(total).toBeCloseTo(0.05, 9)
    const window = history.history.find((entry) => entry.aggregated_value > 0)!
    expect(window.end_time - window.start_time).toBe(3600)
    const ledger = await app.cloudflare.get<{ result: Array<{ kind: string; amount: number }> }>(
      `${billingPath()}/credits`,
    )
    expect(ledger.result.map((entry) => [entry.kind, entry.amount])).toEqual([
      ['spend', -0.025],
      ['spend', -0.025],
      ['credit', 0.05],
    ])
  })

  it('F232 new credits lift the refusal at once', async () => {
    await addCredits(1)
    const completion = await stored().chat.completions.create(chat)
    expect(completion.choices[0]?.message.content).toBe('Hello from OpenAI-compatible')
  })

  it('F234 the log entry records zdr from cf-aig-zdr (logging itself is unchanged)', async () => {
    const { response } = await stored()
      .chat.completions.create(chat, { headers: { 'cf-aig-zdr': 'true' } })
      .withResponse()
    const logId = response.headers.get('cf-aig-log-id')!
    await settled(app)
    const entry = await app.stores.logs.get(account_id, 'paid', logId)
    expect(entry?.extra).toMatchObject({ zdr: true })
    expect(entry?.requestBody).not.toBeNull()
  })
})
