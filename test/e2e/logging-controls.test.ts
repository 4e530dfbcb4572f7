import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 }
const answer = {
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'logged answer' },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage,
}

describe('request logging controls (F110, F115–F117, F245–F261)', () => {
  const mock = new MockUpstream()
  let app: TestApp

  const call = async (gateway: string, headers: Record<string, string> = {}): Promise<string> => {
    const response = await fetch(`${app.gatewayUrl(gateway)}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'log me' }] }),
    })
    expect(response.status).toBe(200)
    await response.arrayBuffer()
    return response.headers.get('cf-aig-log-id')!
  }

  const getLog = (gateway: string, id: string) =>
    app.cloudflare.aiGateway.logs.get(id, { account_id: app.accountId, gateway_id: gateway } as never)

  beforeAll(async () => {
    await mock.start()
    mock.handle((_request, response) => json(response, 200, answer))
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` })
    await app.createGateway('logs-on', { collect_logs: true })
    await app.createGateway('logs-off', { collect_logs: false })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })

  it('F245 logs provider, model, status, tokens, cost and bodies; F253 request/response bodies are retrievable', async () => {
    const id = await call('logs-on', {
      'cf-aig-metadata': JSON.stringify({ user_id: 'user-anna', team: 7, beta: true }),
    })
    await settled(app)
    const log = await getLog('logs-on', id)
    expect(log).toMatchObject({
      id,
      provider: 'openai',
      model: 'gpt-4o-mini',
      success: true,
      status_code: 200,
      tokens_in: 1000,
      tokens_out: 500,
    })
    expect(log.cost).toBeGreaterThan(0)
    expect(JSON.parse(String(log.metadata))).toEqual({ user_id: 'user-anna', team: 7, beta: true })
    const request = await app.cloudflare.aiGateway.logs.request(id, {
      account_id: app.accountId,
      gateway_id: 'logs-on',
    } as never)
    expect(request).toMatchObject({ messages: [{ role: 'user', content: 'log me' }] })
    const response = await app.cloudflare.aiGateway.logs.response(id, {
      account_id: app.accountId,
      gateway_id: 'logs-on',
    } as never)
    expect(response).toMatchObject({ choices: [{ message: { content: 'logged answer' } }] })
  })

  it('F110 keeps only the first five scalar metadata entries', async () => {
    const metadata = { a: 1, nested: { no: true }, b: 'two', c: false, d: 4, e: 5, f: 6 }
    const id = await call('logs-on', { 'cf-aig-metadata': JSON.stringify(metadata) })
    await settled(app)
    expect(JSON.parse(String((await getLog('logs-on', id)).metadata))).toEqual({
      a: 1,
      b: 'two',
      c: false,
      d: 4,
      e: 5,
    })
    const bad = await fetch(`${app.gatewayUrl('logs-on')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'cf-aig-metadata': '[1,2]', authorization: 'Bearer sk' },
      body: '{}',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/cf-aig-metadata/)
  })

  it('F115 cf-aig-collect-log overrides the gateway default both ways', async () => {
    const skipped = await call('logs-on', { 'cf-aig-collect-log': 'false' })
    const forced = await call('logs-off', { 'cf-aig-collect-log': 'true' })
    const defaultOff = await call('logs-off')
    await settled(app)
    await expect(getLog('logs-on', skipped)).rejects.toMatchObject({ status: 404 })
    await expect(getLog('logs-off', forced)).resolves.toMatchObject({ id: forced })
    await expect(getLog('logs-off', defaultOff)).rejects.toMatchObject({ status: 404 })
  })

  it('F116/F248 cf-aig-collect-log-payload: false keeps a metadata-only log with tokens and cost', async () => {
    const id = await call('logs-on', { 'cf-aig-collect-log-payload': 'false' })
    await settled(app)
    const log = await getLog('logs-on', id)
    expect(log).toMatchObject({ tokens_in: 1000, tokens_out: 500 })
    expect(log.cost).toBeGreaterThan(0)
    await expect(
      app.cloudflare.aiGateway.logs.request(id, {
        account_id: app.accountId,
        gateway_id: 'logs-on',
      } as never),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('F117/F264 cf-aig-custom-cost overrides the catalogue price and is flagged', async () => {
    const id = await call('logs-on', {
      'cf-aig-custom-cost': JSON.stringify({ per_token_in: 0.000001, per_token_out: 0.000002 }),
    })
    await settled(app)
    const log = await getLog('logs-on', id)
    expect(log.cost).toBeCloseTo(1000 * 0.000001 + 500 * 0.000002, 12)
    expect(log.custom_cost).toBe(true)
    const bad = await fetch(`${app.gatewayUrl('logs-on')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'cf-aig-custom-cost': '{"per_token_in":"cheap"}', authorization: 'Bearer sk' },
      body: '{}',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/cf-aig-custom-cost/)
  })

  it('F251 logs are listed and filtered by metadata and provider; F277 feedback is patched and read back', async () => {
    const id = await call('logs-on', { 'cf-aig-metadata': '{"user_id":"user-filter"}' })
    await settled(app)
    const page = await app.cloudflare.aiGateway.logs.list('logs-on', {
      account_id: app.accountId,
      filters: [{ key: 'metadata.value', operator: 'eq', value: ['user-filter'] }],
    } as never)
    expect(page.result.map((log) => log.id)).toEqual([id])
    await app.cloudflare.aiGateway.logs.edit(id, {
      account_id: app.accountId,
      gateway_id: 'logs-on',
      feedback: 1,
      score: 90,
    } as never)
    expect(await getLog('logs-on', id)).toMatchObject({ feedback: 1, score: 90 })
  })
})
