import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { startTestApp, type TestApp } from './support/test-app.js'

const ok = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}

describe('gateway authentication, default gateway and error bodies', () => {
  const mock = new MockUpstream()
  let app: TestApp

  const call = (gateway: string, headers: Record<string, string>, account = app.accountId) =>
    fetch(`${app.url}/v1/${account}/${gateway}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    })

  beforeAll(async () => {
    await mock.start()
    mock.handle((_request, response) => json(response, 200, ok))
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` })
    await app.createGateway('locked', { authentication: true })
    await app.createGateway('open', { authentication: false })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  it.each([
    ['locked', 'valid token', true, 200],
    ['locked', 'no header', false, 401],
    ['open', 'valid token', true, 200],
    ['open', 'no header', false, 200],
  ])('F079 authentication matrix: %s gateway with %s → %i', async (gateway, _label, withToken, status) => {
    const response = await call(
      gateway,
      withToken ? { 'cf-aig-authorization': `Bearer ${app.adminToken}` } : {},
    )
    expect(response.status).toBe(status)
    if (status === 401) {
      // F080: code 2009 in Cloudflare's gateway error shape; the provider was never called.
      const body = (await response.json()) as {
        success: boolean
        error: Array<{ code: number; message: string }>
      }
      expect(body.success).toBe(false)
      expect(body.error[0]?.code).toBe(2009)
      expect(body.error[0]?.message).toMatch(/cf-aig-authorization/)
      expect(mock.requests).toHaveLength(0)
    }
    expect(response.headers.get('cf-aig-log-id')).toBeTruthy()
  })

  it('F082 accepts the token without the Bearer prefix and rejects a wrong one', async () => {
    expect((await call('locked', { 'cf-aig-authorization': app.adminToken })).status).toBe(200)
    const wrong = await call('locked', { 'cf-aig-authorization': 'Bearer nope' })
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: Array<{ message: string }> }).error[0]?.message).toMatch(
      /invalid/,
    )
  })

  it('F018 the gateway token in Authorization authenticates, but is never sent upstream without a stored key', async () => {
    const response = await fetch(`${app.gatewayUrl('locked')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminToken}` },
      body: '{"model":"gpt-4o-mini","messages":[]}',
    })
    expect(response.status).toBe(401)
    const body = (await response.json()) as { error: Array<{ code: number; message: string }> }
    expect(body.error[0]?.code).toBe(2010)
    expect(body.error[0]?.message).toMatch(/no stored key/)
    expect(mock.requests).toHaveLength(0)
  })

  it('a token without run permission cannot use the data plane', async () => {
    const created = (await app.cloudflare.post(`/accounts/${app.accountId}/ai-gateway/tokens`, {
      body: { name: 'reader', permissions: ['read'] },
    })) as { value: string }
    expect((await call('locked', { 'cf-aig-authorization': created.value })).status).toBe(401)
  })

  it('F089 default gateway: not created by an unauthenticated request, created by an authenticated one, re-created after delete', async () => {
    const anonymous = await call('default', {})
    expect(anonymous.status).toBe(401)
    await expect(
      app.cloudflare.aiGateway.get('default', { account_id: app.accountId }),
    ).rejects.toMatchObject({ status: 404 })

    const first = await call('default', { 'cf-aig-authorization': app.adminToken })
    expect(first.status).toBe(200)
    const created = await app.cloudflare.aiGateway.get('default', { account_id: app.accountId })
    // F090: authentication on, logs on, cache and rate limiting off.
    expect(created).toMatchObject({
      id: 'default',
      authentication: true,
      collect_logs: true,
      cache_ttl: 0,
      is_default: true,
    })
    expect(created.rate_limiting_limit ?? 0).toBe(0)

    await app.cloudflare.aiGateway.delete('default', { account_id: app.accountId })
    expect((await call('default', { 'cf-aig-authorization': app.adminToken })).status).toBe(200)
    await expect(
      app.cloudflare.aiGateway.get('default', { account_id: app.accountId }),
    ).resolves.toMatchObject({ id: 'default' })
  })

  it('F034 unknown gateway and unknown account → 404; only `default` auto-creates', async () => {
    const gateway = await call('does-not-exist', { 'cf-aig-authorization': app.adminToken })
    expect(gateway.status).toBe(404)
    expect(((await gateway.json()) as { error: Array<{ code: number }> }).error[0]?.code).toBe(2001)
    const account = await call('locked', { 'cf-aig-authorization': app.adminToken }, 'f'.repeat(32))
    expect(account.status).toBe(404)
    expect(account.headers.get('cf-aig-event-id')).toBeTruthy()
  })

  it('unknown provider → 400 naming it; malformed JSON → 400 naming the problem', async () => {
    const provider = await fetch(`${app.gatewayUrl('open')}/not-a-provider/chat`, {
      method: 'POST',
      body: '{}',
    })
    expect(provider.status).toBe(400)
    expect(((await provider.json()) as { error: Array<{ message: string }> }).error[0]?.message).toMatch(
      /not-a-provider/,
    )

    const malformed = await fetch(`${app.gatewayUrl('open')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk' },
      body: '{"model": "gpt-4o-mini", "messages": [',
    })
    expect(malformed.status).toBe(400)
    const body = (await malformed.json()) as { error: Array<{ code: number; message: string }> }
    expect(body.error[0]?.code).toBe(2006)
    expect(body.error[0]?.message).toMatch(/JSON/)
    expect(mock.requests).toHaveLength(0)
  })

  it('F008 trailing-slash and case-insensitive provider slugs route alike (F043)', async () => {
    const client = new OpenAI({ apiKey: 'sk', baseURL: `${app.gatewayUrl('open')}/OpenAI/` })
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
    expect(mock.last().url).toBe('/v1/chat/completions')
  })
})
