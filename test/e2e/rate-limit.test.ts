import Cloudflare from 'cloudflare'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { openaiMock } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

/** 2025-03-01T12:00:00Z, the start of every fixed window that divides an hour. */
const NOON = Date.UTC(2025, 2, 1, 12, 0, 0)

const completion = {
  id: 'chatcmpl-rl',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}

function apiError(caught: unknown): InstanceType<typeof OpenAI.APIError> {
  if (!(caught instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(caught)}`)
  return caught
}

describe('gateway rate limiting (F138, F169–F172) with the official openai SDK', () => {
  const mock = new MockUpstream()
  const clock = { now: () => NOON }
  let time = NOON + 10_000
  let app: TestApp
  let cloudflare: Cloudflare

  const setTime = (ms: number): void => {
    time = ms
  }
  const gatewayUrl = (gateway: string): string => `${app.url}/v1/${app.accountId}/${gateway}`
  const openai = (gateway: string, headers: Record<string, string> = {}): OpenAI =>
    new OpenAI({
      apiKey: 'sk-provider',
      baseURL: `${gatewayUrl(gateway)}/openai`,
      maxRetries: 0,
      defaultHeaders: headers,
    })
  const ask = (client: OpenAI) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
  const createGateway = (id: string, settings: Record<string, unknown>) =>
    cloudflare.aiGateway.create({
      account_id: app.accountId,
      id,
      cache_invalidate_on_update: false,
      cache_ttl: 0,
      collect_logs: true,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
      ...settings,
    })

  beforeAll(async () => {
    clock.now = () => time
    await mock.start()
    app = await startTestApp(
      { AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` },
      { clock, sleep: async () => undefined },
    )

    cloudflare = app.cloudflare
    await createGateway('fixed', {
      rate_limiting_limit: 2,
      rate_limiting_interval: 60,
      rate_limiting_technique: 'fixed',
    })
    await createGateway('sliding', {
      rate_limiting_limit: 2,
      rate_limiting_interval: 60,
      rate_limiting_technique: 'sliding',
    })
    await createGateway('unlimited', {})
    await createGateway('cached', { rate_limiting_limit: 1, rate_limiting_interval: 60, cache_ttl: 300 })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    mock.reset()
    mock.handle((_request, response) => json(response, 200, completion))
  })

  it('F138 F171 the request over the limit gets 429 with Retry-After and a clear body, and is not forwarded', async () => {
    setTime(NOON + 10_000)
    const client = openai('fixed')
    await ask(client)
    await ask(client)
    const error = apiError(await ask(client).catch((caught: unknown) => caught))
    expect(error.status).toBe(429)
    // Fixed window 12:00:00–12:01:00, asked at 12:00:10.
    expect(error.headers?.get('retry-after')).toBe('50')
    expect(error.headers?.get('cf-aig-log-id')).toBeTruthy()
    expect(error.error).toEqual([
      {
        code: 2012,
        message:
          "Rate limit exceeded: gateway 'fixed' allows 2 requests per 60 s (fixed window); retry in 50 s",
      },
    ])
    expect(mock.requests).toHaveLength(2)

    // Still logged, as Cloudflare logs rejected requests.
    await settled(app)
    const logId = error.headers?.get('cf-aig-log-id') ?? ''
    const log = await cloudflare.aiGateway.logs.get(logId, { account_id: app.accountId, gateway_id: 'fixed' })
    expect(log).toMatchObject({ status_code: 429, success: false, provider: 'openai' })
    expect((log as { error_message?: string }).error_message).toMatch(/Rate limit exceeded/)
  })

  it('F170 a fixed window resets at the next aligned boundary', async () => {
    setTime(NOON + 59_999)
    expect(apiError(await ask(openai('fixed')).catch((caught: unknown) => caught)).status).toBe(429)
    setTime(NOON + 60_000)
    await expect(ask(openai('fixed'))).resolves.toMatchObject({ id: 'chatcmpl-rl' })
    expect(mock.requests).toHaveLength(1)
  })

  it('F170 a sliding window counts the trailing interval across a fixed boundary', async () => {
    setTime(NOON + 50_000)
    const client = openai('sliding')
    await ask(client)
    await ask(client)
    setTime(NOON + 70_000) // a new fixed window, but both requests are within the last 60 s
    const error = apiError(await ask(client).catch((caught: unknown) => caught))
    expect(error.status).toBe(429)
    expect(error.headers?.get('retry-after')).toBe('40')
    setTime(NOON + 110_000)
    await expect(ask(client)).resolves.toMatchObject({ id: 'chatcmpl-rl' })
    expect(mock.requests).toHaveLength(3)
  })

  it('F169 counts a request once however many upstream tries it takes', async () => {
    setTime(NOON + 3 * 60_000)
    let calls = 0
    mock.handle((_request, response) => {
      calls += 1
      if (calls === 1) json(response, 503, { error: { message: 'overloaded' } })
      else json(response, 200, completion)
    })
    await ask(openai('fixed', { 'cf-aig-max-attempts': '3' }))
    await ask(openai('fixed'))
    expect(mock.requests).toHaveLength(3)
    expect(apiError(await ask(openai('fixed')).catch((caught: unknown) => caught)).status).toBe(429)
  })

  it('F138 /compat answers 429 in OpenAI error shape so the SDK shows the message', async () => {
    setTime(NOON + 4 * 60_000)
    mock.handle(openaiMock)
    const client = new OpenAI({
      apiKey: 'sk-provider',
      baseURL: `${gatewayUrl('fixed')}/compat`,
      maxRetries: 0,
    })
    const create = () =>
      client.chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
      })
    await create()
    await create()
    const error = apiError(await create().catch((caught: unknown) => caught))
    expect(error.status).toBe(429)
    expect(error.headers?.get('retry-after')).toBe('60')
    expect(error.message).toMatch(/Rate limit exceeded: gateway 'fixed' allows 2 requests per 60 s/)
    expect(error.code).toBe('2012')
  })

  it('F164 F172 cached responses are neither limited nor counted', async () => {
    setTime(NOON + 6 * 60_000)
    const client = openai('cached')
    await ask(client)
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse()
    expect(response.headers.get('cf-aig-cache-status')).toBe('HIT')
    expect(mock.requests).toHaveLength(1)
    const other = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Something else' }],
    })
    expect(apiError(await other.catch((caught: unknown) => caught)).status).toBe(429)
  })

  it('F097 a gateway without a limit is never limited', async () => {
    setTime(NOON + 5 * 60_000)
    const client = openai('unlimited')
    for (let i = 0; i < 5; i += 1) await ask(client)
    expect(mock.requests).toHaveLength(5)
  })
})
