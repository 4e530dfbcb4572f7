import Cloudflare from 'cloudflare'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../src/core/log-entry.js'
import { startAdminHarness, type AdminHarness } from './support/admin-server.js'

let h: AdminHarness
let cf: Cloudflare
let account_id: string
const gateway_id = 'logs-gw'
const base = Date.parse('2025-03-01T12:00:00Z')

function entry(n: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    id: `01JLOG${String(n).padStart(20, '0')}`,
    eventId: `event-${n}`,
    accountId: account_id,
    gatewayId: gateway_id,
    createdAt: base + n * 1000,
    provider: 'openai',
    model: 'gpt-4o-mini',
    modelType: 'chat',
    path: 'chat/completions',
    method: 'POST',
    requestType: 'provider',
    statusCode: 200,
    success: true,
    cached: false,
    step: 0,
    durationMs: 100 + n,
    ttfbMs: 40,
    tokensIn: 10 * n,
    tokensOut: 5 * n,
    cachedTokensIn: 0,
    cost: n / 1000,
    customCost: false,
    metadata: {},
    requestContentType: 'application/json',
    responseContentType: 'application/json',
    requestHead: '{"model":"gpt-4o-mini"}',
    responseHead: '{"id":"chatcmpl-1"}',
    requestSize: 23,
    responseSize: 400,
    requestBody: null,
    responseBody: null,
    requestBodyTruncated: false,
    responseBodyTruncated: false,
    feedback: null,
    score: null,
    errorMessage: null,
    authenticated: true,
    dlpAction: null,
    extra: {},
    ...overrides,
  }
}

const seeded: LogEntry[] = []

beforeAll(async () => {
  h = await startAdminHarness()
  account_id = h.accountId
  cf = h.client(await h.mintToken(['read', 'edit']))
  await cf.aiGateway.create({
    account_id,
    id: gateway_id,
    cache_invalidate_on_update: false,
    cache_ttl: 0,
    collect_logs: true,
    rate_limiting_interval: 0,
    rate_limiting_limit: 0,
  })
})

beforeEach(async () => {
  await h.stores.logs.delete({
    accountId: account_id,
    gatewayId: gateway_id,
    filters: [],
    orderBy: 'created_at',
    direction: 'asc',
    page: 1,
    perPage: 1,
  })
  seeded.length = 0
  seeded.push(
    entry(1, { metadata: { user: 'alice', plan: 'free' }, feedback: 1 }),
    entry(2, { provider: 'anthropic', model: 'claude-sonnet-4-5', cached: true, cost: 0 }),
    entry(3, { success: false, statusCode: 500, errorMessage: 'upstream failed', feedback: -1 }),
    entry(4, { metadata: { user: 'bob', tier: 3 }, dlpAction: 'FLAG' }),
    entry(5, {
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      customCost: true,
      requestBody: new TextEncoder().encode('{"messages":[{"role":"user","content":"hi"}]}'),
      responseBody: new TextEncoder().encode('data: {"delta":"hel"}\n\ndata: [DONE]\n\n'),
      responseContentType: 'text/event-stream',
    }),
  )
  await h.stores.logs.append(seeded)
})

afterAll(async () => {
  await h.close()
})

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof Cloudflare.APIError>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof Cloudflare.APIError)) throw new Error(`expected an APIError, got ${String(error)}`)
  return error
}

/** aigw's errors carry `path`; the SDK's ErrorData type only knows `source.pointer`. */
const pathOf = (error: unknown) => (error as { path?: Array<string | number> } | undefined)?.path

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id.slice(-1))

describe('listing logs (F252, F253, F261)', () => {
  it('maps a stored entry to the SDK shape exactly, metadata as a JSON string', async () => {
    const page = await cf.aiGateway.logs.list(gateway_id, { account_id })
    const first = page.result.find((item) => item.id === seeded[0]!.id)
    expect(first).toEqual({
      id: seeded[0]!.id,
      cached: false,
      created_at: '2025-03-01T12:00:01.000Z',
      duration: 101,
      model: 'gpt-4o-mini',
      path: 'chat/completions',
      provider: 'openai',
      success: true,
      tokens_in: 10,
      tokens_out: 5,
      cost: 0.001,
      custom_cost: false,
      metadata: '{"user":"alice","plan":"free"}',
      model_type: 'chat',
      request_content_type: 'application/json',
      request_type: 'provider',
      response_content_type: 'application/json',
      status_code: 200,
      step: 0,
      event_id: 'event-1',
      feedback: 1,
      score: null,
      dlp_action: null,
      authentication: true,
      method: 'POST',
      ttfb: 40,
      cached_tokens_in: 0,
      error_message: null,
    })
    expect(JSON.parse(first!.metadata!)).toEqual({ user: 'alice', plan: 'free' })
  })

  it('orders newest first by default and follows order_by / order_by_direction', async () => {
    expect(ids((await cf.aiGateway.logs.list(gateway_id, { account_id })).result)).toEqual([
      '5',
      '4',
      '3',
      '2',
      '1',
    ])
    const byProvider = await cf.aiGateway.logs.list(gateway_id, {
      account_id,
      order_by: 'provider',
      order_by_direction: 'asc',
    })
    expect(byProvider.result.map((item) => item.provider)).toEqual([
      'anthropic',
      'anthropic',
      'openai',
      'openai',
      'openai',
    ])
    const legacyDirection = await cf.aiGateway.logs.list(gateway_id, { account_id, direction: 'asc' })
    expect(ids(legacyDirection.result)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('pages with result_info totals and the SDK walks every page', async () => {
    const page2 = await cf.aiGateway.logs.list(gateway_id, { account_id, per_page: 2, page: 2 })
    expect(ids(page2.result)).toEqual(['3', '2'])
    expect(page2.result_info).toEqual({ page: 2, per_page: 2, count: 2, total_count: 5, total_pages: 3 })
    const all: string[] = []
    for await (const item of cf.aiGateway.logs.list(gateway_id, { account_id, per_page: 2 }))
      all.push(item.id)
    expect(all).toHaveLength(5)
  })

  it('F253 filters as the SDK serialises them: several filters AND-ed, several values OR-ed', async () => {
    const anthropicOrGoogle = await cf.aiGateway.logs.list(gateway_id, {
      account_id,
      filters: [
        { key: 'provider', operator: 'eq', value: ['anthropic', 'google'] },
        { key: 'cached', operator: 'eq', value: [false] },
      ],
    })
    expect(ids(anthropicOrGoogle.result)).toEqual(['5'])
    const expensive = await cf.aiGateway.logs.list(gateway_id, {
      account_id,
      filters: [{ key: 'cost', operator: 'gt', value: [0.0025] }],
    })
    expect(ids(expensive.result)).toEqual(['5', '4', '3'])
    const failed = await cf.aiGateway.logs.list(gateway_id, {
      account_id,
      filters: [{ key: 'success', operator: 'eq', value: [false] }],
    })
    expect(ids(failed.result)).toEqual(['3'])
  })

  it('F251 filters on feedback (including "no feedback"), metadata, DLP action and time', async () => {
    const list = (filters: Cloudflare.AIGateway.LogListParams['filters']) =>
      cf.aiGateway.logs.list(gateway_id, { account_id, filters }).then((page) => ids(page.result))
    expect(await list([{ key: 'feedback', operator: 'eq', value: [1] }])).toEqual(['1'])
    expect(await list([{ key: 'feedback', operator: 'eq', value: [null] }])).toEqual(['5', '4', '2'])
    expect(await list([{ key: 'metadata.key', operator: 'eq', value: ['tier'] }])).toEqual(['4'])
    expect(await list([{ key: 'metadata.value', operator: 'eq', value: ['alice'] }])).toEqual(['1'])
    expect(await list([{ key: 'dlp_action', operator: 'eq', value: ['FLAG'] }])).toEqual(['4'])
    expect(await list([{ key: 'created_at', operator: 'lt', value: ['2025-03-01T12:00:03.000Z'] }])).toEqual([
      '2',
      '1',
    ])
    expect(await list([{ key: 'model', operator: 'contains', value: ['CLAUDE'] }])).toEqual(['5', '2'])
  })

  it('translates the deprecated flat parameters into filters, with inclusive min/max', async () => {
    const list = (params: Omit<Cloudflare.AIGateway.LogListParams, 'account_id'>) =>
      cf.aiGateway.logs.list(gateway_id, { account_id, ...params }).then((page) => ids(page.result))
    expect(await list({ provider: 'anthropic' })).toEqual(['5', '2'])
    expect(await list({ cached: true })).toEqual(['2'])
    expect(await list({ success: false })).toEqual(['3'])
    expect(await list({ min_cost: 0.003, max_cost: 0.004 })).toEqual(['4', '3'])
    expect(await list({ min_tokens_in: 20, max_tokens_out: 15 })).toEqual(['3', '2'])
    expect(
      await list({ start_date: '2025-03-01T12:00:02.000Z', end_date: '2025-03-01T12:00:04.000Z' }),
    ).toEqual(['4', '3', '2'])
    expect(await list({ feedback: 1 })).toEqual(['1'])
  })

  it('searches ids, providers, models, paths and metadata', async () => {
    const found = await cf.aiGateway.logs.list(gateway_id, { account_id, search: 'bob' })
    expect(ids(found.result)).toEqual(['4'])
  })

  it('meta_info adds min/max of cost, duration and tokens over all matches', async () => {
    const page = await cf.aiGateway.logs.list(gateway_id, { account_id, meta_info: true, per_page: 1 })
    expect(page.result_info).toMatchObject({
      min_cost: 0,
      max_cost: 0.005,
      min_duration: 101,
      max_duration: 105,
      min_tokens_in: 10,
      max_tokens_in: 50,
      min_tokens_out: 5,
      max_tokens_out: 25,
    })
  })

  it('refuses unsupported filter keys and bad values, naming the filter', async () => {
    const unsupported = await rejection(
      cf.aiGateway.logs.list(gateway_id, {
        account_id,
        filters: [{ key: 'wholesale', operator: 'eq', value: [true] }],
      }),
    )
    expect(unsupported.status).toBe(400)
    expect(unsupported.errors[0]).toMatchObject({ path: ['query', 'filters', 0, 'key'] })
    const badNumber = await rejection(
      cf.aiGateway.logs.list(gateway_id, {
        account_id,
        filters: [{ key: 'cost', operator: 'gt', value: ['cheap'] }],
      }),
    )
    expect(pathOf(badNumber.errors[0])).toEqual(['query', 'filters', 0, 'value', 0])
    expect(badNumber.errors[0]?.message).toMatch(/cost value "cheap" must be a number/)
  })

  it('404s for logs of a gateway that does not exist', async () => {
    const error = await rejection(cf.aiGateway.logs.list('no-such-gw', { account_id }))
    expect(error.status).toBe(404)
    expect(error.errors[0]?.code).toBe(2001)
  })
})

describe('one log (F253)', () => {
  it('get adds the request/response heads and sizes', async () => {
    const log = await cf.aiGateway.logs.get(seeded[0]!.id, { account_id, gateway_id })
    expect(log).toMatchObject({
      id: seeded[0]!.id,
      request_head: '{"model":"gpt-4o-mini"}',
      request_head_complete: true,
      request_size: 23,
      response_head: '{"id":"chatcmpl-1"}',
      response_head_complete: false,
      response_size: 400,
    })
  })

  it('F277 PATCH feedback, then GET shows it', async () => {
    const id = seeded[1]!.id
    const edited = (await cf.aiGateway.logs.edit(id, { account_id, gateway_id, feedback: 1 })) as {
      feedback: number
    }
    expect(edited.feedback).toBe(1)
    expect((await cf.aiGateway.logs.get(id, { account_id, gateway_id })) as unknown).toMatchObject({
      feedback: 1,
    })
    await cf.aiGateway.logs.edit(id, {
      account_id,
      gateway_id,
      feedback: -1,
      score: 42,
      metadata: { reviewed: true },
    })
    const after = await cf.aiGateway.logs.get(id, { account_id, gateway_id })
    expect(after).toMatchObject({ feedback: -1, score: 42, metadata: '{"reviewed":true}' })
  })

  it('F276 refuses feedback outside -1/0/1, scores outside 0–100 and more than five metadata entries', async () => {
    const id = seeded[0]!.id
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ feedback: 2 }, 'feedback'],
      [{ score: 101 }, 'score'],
      [{ metadata: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } }, 'metadata'],
      [{ metadata: { nested: { no: true } } }, 'metadata'],
    ]
    for (const [body, field] of cases) {
      const error = await rejection(cf.aiGateway.logs.edit(id, { account_id, gateway_id, ...body }))
      expect(error.status).toBe(400)
      expect(pathOf(error.errors[0])?.slice(0, 2)).toEqual(['body', field])
    }
    expect((await h.stores.logs.get(account_id, gateway_id, id))?.feedback).toBe(1)
  })

  it('404s for an unknown log id', async () => {
    const error = await rejection(cf.aiGateway.logs.get('01JNOPE', { account_id, gateway_id }))
    expect(error.status).toBe(404)
    expect(error.errors[0]?.code).toBe(2004)
  })

  it('returns stored bodies: JSON as JSON, other text as text, 404 when not stored', async () => {
    const withBodies = seeded[4]!.id
    expect(await cf.aiGateway.logs.request(withBodies, { account_id, gateway_id })).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(await cf.aiGateway.logs.response(withBodies, { account_id, gateway_id })).toBe(
      'data: {"delta":"hel"}\n\ndata: [DONE]\n\n',
    )
    const error = await rejection(cf.aiGateway.logs.request(seeded[0]!.id, { account_id, gateway_id }))
    expect(error.status).toBe(404)
    expect(error.errors[0]?.message).toMatch(/request body .* was not stored/)
  })
})

describe('deleting logs (F250)', () => {
  it('deletes only what the filters match', async () => {
    const result = await cf.aiGateway.logs.delete(gateway_id, {
      account_id,
      filters: [{ key: 'provider', operator: 'eq', value: ['anthropic'] }],
    })
    expect(result.success).toBe(true)
    const left = await cf.aiGateway.logs.list(gateway_id, { account_id })
    expect(ids(left.result)).toEqual(['4', '3', '1'])
  })

  it('limit takes rows in order_by order', async () => {
    await cf.aiGateway.logs.delete(gateway_id, {
      account_id,
      limit: 2,
      order_by: 'created_at',
      order_by_direction: 'asc',
    })
    expect(ids((await cf.aiGateway.logs.list(gateway_id, { account_id })).result)).toEqual(['5', '4', '3'])
    await cf.aiGateway.logs.delete(gateway_id, {
      account_id,
      limit: 1,
      order_by: 'cost',
      order_by_direction: 'desc',
    })
    expect(ids((await cf.aiGateway.logs.list(gateway_id, { account_id })).result)).toEqual(['4', '3'])
  })

  it('without filters empties the gateway and reports the count', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/${gateway_id}/logs`, {
      method: 'DELETE',
      token: await h.mintToken(['edit']),
    })
    expect(await response.json()).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: { success: true, deleted: 5 },
    })
    expect(await h.stores.logs.count(account_id, gateway_id)).toBe(0)
  })

  it('needs the edit permission', async () => {
    const reader = h.client(await h.mintToken(['read']))
    const error = await rejection(reader.aiGateway.logs.delete(gateway_id, { account_id }))
    expect(error.status).toBe(403)
    expect(await h.stores.logs.count(account_id, gateway_id)).toBe(5)
  })
})

describe('deleting a gateway', () => {
  it('also deletes its stored logs, as the SDK documents', async () => {
    await cf.aiGateway.create({
      account_id,
      id: 'doomed',
      cache_invalidate_on_update: false,
      cache_ttl: 0,
      collect_logs: true,
      rate_limiting_interval: 0,
      rate_limiting_limit: 0,
    })
    await h.stores.logs.append([entry(9, { gatewayId: 'doomed' })])
    await cf.aiGateway.delete('doomed', { account_id })
    expect(await h.stores.logs.count(account_id, 'doomed')).toBe(0)
  })
})
