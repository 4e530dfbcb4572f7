import { generateKeyPairSync } from 'node:crypto'
import Cloudflare from 'cloudflare'
import type { AIGatewayCreateParams } from 'cloudflare/resources/ai-gateway/ai-gateway'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAdminHarness, type AdminHarness } from './support/admin-server.js'

let h: AdminHarness
let admin: Cloudflare
let account_id: string

beforeAll(async () => {
  h = await startAdminHarness()
  admin = h.client(await h.mintToken(['read', 'edit', 'run']))
  account_id = h.accountId
})

afterAll(async () => {
  await h.close()
})

const minimal = {
  cache_invalidate_on_update: false,
  cache_ttl: 0,
  collect_logs: true,
  rate_limiting_interval: 0,
  rate_limiting_limit: 0,
}

const rsaPublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString()

/** Every settable field of the SDK's create params, each away from its default. */
function everySetting(id: string): AIGatewayCreateParams {
  return {
    account_id,
    id,
    cache_invalidate_on_update: true,
    cache_ttl: 3600,
    collect_logs: false,
    rate_limiting_interval: 60,
    rate_limiting_limit: 100,
    authentication: true,
    byok_only: true,
    dlp: {
      enabled: true,
      policies: [
        {
          id: 'pii',
          action: 'BLOCK',
          check: ['REQUEST', 'RESPONSE'],
          enabled: true,
          profiles: ['credit-cards'],
        },
        { id: 'soft', action: 'FLAG', check: ['RESPONSE'], enabled: false, profiles: [] },
      ],
    },
    guardrails: { prompt: { S1: 'BLOCK', P1: 'FLAG' }, response: { S13: 'FLAG' } },
    log_classification: true,
    log_management: 5000,
    log_management_strategy: 'DELETE_OLDEST',
    logpush: true,
    logpush_public_key: rsaPublicKey,
    otel: [
      {
        url: 'https://otel.example.com/v1/traces',
        headers: { 'x-team': 'ai' },
        authorization: 'otel-secret',
        content_type: 'json',
      },
    ],
    rate_limiting_technique: 'sliding',
    retry_backoff: 'exponential',
    retry_delay: 500,
    retry_max_attempts: 3,
    spend_limits: {
      enabled: true,
      rules: [
        {
          id: 'daily',
          limit: 25.5,
          limitType: 'cost',
          window: 86400,
          enabled: true,
          technique: 'fixed',
          metadata: { user: { mode: 'partition' }, plan: { mode: 'filter', values: ['free'] } },
          model: { mode: 'filter', values: ['gpt-4o'] },
          provider: { mode: 'filter', values: ['openai'] },
        },
      ],
    },
    store_id: 'store-123',
    stripe: { authorization: 'sk_test_x', usage_events: [{ payload: '{"event":"tokens"}' }] },
    workers_ai_billing_mode: 'unified',
    zdr: true,
  }
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof Cloudflare.APIError>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof Cloudflare.APIError)) throw new Error(`expected an APIError, got ${String(error)}`)
  return error
}

describe('gateway CRUD through the cloudflare SDK (F295, F296)', () => {
  it('F296 round-trips every settings field through create, get and list', async () => {
    const { account_id: _account, ...sent } = everySetting('every-field')
    const created = await admin.aiGateway.create(everySetting('every-field'))
    expect(created).toMatchObject(sent)
    expect(created.is_default).toBe(false)
    expect(created.created_at).toBe('2025-01-01T00:00:00.000Z')
    expect(created.modified_at).toBe(created.created_at)
    expect(await admin.aiGateway.get('every-field', { account_id })).toEqual(created)
    const listed = await admin.aiGateway.list({ account_id, search: 'every-field' })
    expect(listed.result).toEqual([created])
  })

  it('F104 accepts the legacy DLP shape as well as the policies shape', async () => {
    await admin.aiGateway.create({ account_id, id: 'dlp-legacy', ...minimal })
    const updated = await admin.aiGateway.update('dlp-legacy', {
      account_id,
      ...minimal,
      dlp: { enabled: true, action: 'FLAG', profiles: ['ssn'] },
    })
    expect(updated.dlp).toEqual({ enabled: true, action: 'FLAG', profiles: ['ssn'] })
    expect((await admin.aiGateway.get('dlp-legacy', { account_id })).dlp).toEqual(updated.dlp)
  })

  it('fills omitted fields with the documented defaults (F096, F099)', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways`, {
      method: 'POST',
      token: await h.mintToken(['edit']),
      body: JSON.stringify({ id: 'only-id' }),
    })
    const body = (await response.json()) as { success: boolean; result: Record<string, unknown> }
    expect(response.status).toBe(200)
    expect(body.success).toBe(true)
    expect(body.result).toMatchObject({
      id: 'only-id',
      collect_logs: true,
      cache_ttl: 0,
      authentication: false,
      is_default: false,
      log_management: 10_000_000,
      log_management_strategy: 'STOP_INSERTING',
      workers_ai_billing_mode: 'postpaid',
    })
  })

  it('F090 a hand-made `default` gateway starts like the auto-created one; is_default stays read-only', async () => {
    const created = await admin.aiGateway.create({ account_id, id: 'default', ...minimal })
    expect(created).toMatchObject({
      is_default: true,
      authentication: true,
      collect_logs: true,
      cache_ttl: 0,
    })
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/default`, {
      method: 'PUT',
      token: await h.mintToken(['edit']),
      body: JSON.stringify({ is_default: false, authentication: false }),
    })
    expect(response.status).toBe(200)
    expect(await admin.aiGateway.get('default', { account_id })).toMatchObject({
      is_default: true,
      authentication: false,
    })
    await admin.aiGateway.delete('default', { account_id })
  })

  it('F295 PUT accepts a partial body and changes only the fields it names', async () => {
    const created = await admin.aiGateway.create(everySetting('partial-update'))
    h.clock.advance(5000)
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/partial-update`, {
      method: 'PUT',
      token: await h.mintToken(['edit']),
      body: JSON.stringify({ cache_ttl: 7200, rate_limiting_limit: 200, guardrails: null }),
    })
    expect(response.status).toBe(200)
    const stored = await admin.aiGateway.get('partial-update', { account_id })
    expect(stored).toEqual({
      ...created,
      cache_ttl: 7200,
      rate_limiting_limit: 200,
      guardrails: null,
      modified_at: new Date(Date.parse(created.created_at) + 5000).toISOString(),
    })
  })

  it('delete returns the deleted gateway; afterwards it is gone (F092)', async () => {
    const created = await admin.aiGateway.create({ account_id, id: 'short-lived', ...minimal })
    h.changed.length = 0
    expect(await admin.aiGateway.delete('short-lived', { account_id })).toEqual(created)
    expect(h.changed).toEqual([{ accountId: account_id, gatewayId: 'short-lived' }])
    const error = await rejection(admin.aiGateway.get('short-lived', { account_id }))
    expect(error.status).toBe(404)
    expect(error.errors[0]?.code).toBe(2001)
  })

  it('reports every write to onGatewayChanged so the data plane drops its cached settings', async () => {
    h.changed.length = 0
    await admin.aiGateway.create({ account_id, id: 'watched', ...minimal })
    await admin.aiGateway.update('watched', { account_id, ...minimal, cache_ttl: 60 })
    await admin.aiGateway.delete('watched', { account_id })
    expect(h.changed.map((c) => c.gatewayId)).toEqual(['watched', 'watched', 'watched'])
  })

  it('returns 404 for updating or deleting a gateway that does not exist', async () => {
    expect((await rejection(admin.aiGateway.update('ghost', { account_id, ...minimal }))).status).toBe(404)
    expect((await rejection(admin.aiGateway.delete('ghost', { account_id }))).status).toBe(404)
  })
})

describe('gateway ids (F010)', () => {
  it('accepts a 64-character id and refuses a 65-character one, naming the field', async () => {
    const id64 = 'a'.repeat(60) + '-b12'
    expect((await admin.aiGateway.create({ account_id, id: id64, ...minimal })).id).toBe(id64)
    const error = await rejection(admin.aiGateway.create({ account_id, id: 'a'.repeat(65), ...minimal }))
    expect(error.status).toBe(400)
    expect(error.errors[0]).toMatchObject({ code: 2005, path: ['body', 'id'] })
    expect(error.errors[0]?.message).toMatch(/id must be at most 64 characters/)
  })

  it('refuses upper case and other characters', async () => {
    for (const id of ['My-Gateway', 'under_score', 'dot.ted', 'sp ace']) {
      const error = await rejection(admin.aiGateway.create({ account_id, id, ...minimal }))
      expect(error.status).toBe(400)
      expect(error.errors[0]?.message).toMatch(/lowercase letters, digits and hyphens/)
    }
  })

  it('answers 409 with code 2101 for a duplicate id', async () => {
    await admin.aiGateway.create({ account_id, id: 'twice', ...minimal })
    const error = await rejection(admin.aiGateway.create({ account_id, id: 'twice', ...minimal }))
    expect(error.status).toBe(409)
    expect(error.errors[0]).toMatchObject({ code: 2101, path: ['body', 'id'] })
  })

  it('refuses a body id that differs from the URL on update', async () => {
    await admin.aiGateway.create({ account_id, id: 'fixed-id', ...minimal })
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/fixed-id`, {
      method: 'PUT',
      token: await h.mintToken(['edit']),
      body: JSON.stringify({ id: 'other-id', cache_ttl: 5 }),
    })
    const body = (await response.json()) as { errors: Array<{ path: string[] }> }
    expect(response.status).toBe(400)
    expect(body.errors[0]?.path).toEqual(['body', 'id'])
    expect((await admin.aiGateway.get('fixed-id', { account_id })).cache_ttl).toBe(0)
  })
})

describe('settings validation names the field and the reason', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['cache_ttl', { cache_ttl: 2_592_001 }, /cache_ttl must be an integer from 0 to 2592000/],
    ['cache_ttl', { cache_ttl: -1 }, /cache_ttl must be an integer/],
    ['rate_limiting_limit', { rate_limiting_limit: -5 }, /rate_limiting_limit must be an integer ≥ 0/],
    ['retry_max_attempts', { retry_max_attempts: 6 }, /retry_max_attempts must be an integer from 1 to 5/],
    ['retry_delay', { retry_delay: 5001 }, /retry_delay must be an integer from 0 to 5000/],
    ['log_management', { log_management: 0 }, /log_management must be an integer from 1 to 10000000/],
    ['collect_logs', { collect_logs: 'yes' }, /collect_logs must be true or false/],
    ['log_management_strategy', { log_management_strategy: 'KEEP' }, /STOP_INSERTING/],
    ['logpush_public_key', { logpush_public_key: 'not a key' }, /PEM-encoded RSA public key/],
    ['cache_tll', { cache_tll: 60 }, /cache_tll is not a recognised field/],
  ]

  it.each(cases)('refuses a bad %s', async (field, patch, message) => {
    const error = await rejection(
      admin.aiGateway.create({ account_id, id: 'invalid', ...minimal, ...patch } as AIGatewayCreateParams),
    )
    expect(error.status).toBe(400)
    expect(error.errors).toContainEqual(expect.objectContaining({ code: 2005, path: ['body', field] }))
    expect(error.errors.map((e) => e.message).join('\n')).toMatch(message)
  })

  it('points into nested structures, e.g. a DLP policy action', async () => {
    const error = await rejection(
      admin.aiGateway.create({
        account_id,
        id: 'invalid',
        ...minimal,
        dlp: {
          enabled: true,
          policies: [{ id: 'p', action: 'ALLOW' as 'FLAG', check: ['REQUEST'], enabled: true, profiles: [] }],
        },
      }),
    )
    expect(error.errors).toEqual([
      expect.objectContaining({
        path: ['body', 'dlp', 'policies', 0, 'action'],
        source: { pointer: '/dlp/policies/0/action' },
        message: expect.stringMatching(/dlp\.policies\[0\]\.action must be "FLAG" or "BLOCK"/),
      }),
    ])
  })

  it('refuses a rate limit without an interval, also when the limit arrives in a later partial update', async () => {
    await admin.aiGateway.create({ account_id, id: 'rl-check', ...minimal })
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/rl-check`, {
      method: 'PUT',
      token: await h.mintToken(['edit']),
      body: JSON.stringify({ rate_limiting_limit: 10 }),
    })
    const body = (await response.json()) as { errors: Array<{ path: string[] }> }
    expect(response.status).toBe(400)
    expect(body.errors[0]?.path).toEqual(['body', 'rate_limiting_interval'])
  })

  it('nothing is stored when validation fails', async () => {
    await rejection(admin.aiGateway.create({ account_id, id: 'never-made', ...minimal, cache_ttl: -3 }))
    expect(await h.stores.gateways.get(account_id, 'never-made')).toBeUndefined()
  })
})

describe('listing and paging', () => {
  it('pages with V4 result_info and the SDK iterates every page', async () => {
    for (let i = 0; i < 23; i++) {
      await admin.aiGateway.create({ account_id, id: `paged-${String(i).padStart(2, '0')}`, ...minimal })
    }
    const page3 = await admin.aiGateway.list({ account_id, search: 'paged-', per_page: 10, page: 3 })
    expect(page3.result.map((g) => g.id)).toEqual(['paged-20', 'paged-21', 'paged-22'])
    expect(page3.result_info).toEqual({ page: 3, per_page: 10, count: 3, total_count: 23, total_pages: 3 })
    const all: string[] = []
    for await (const gateway of admin.aiGateway.list({ account_id, search: 'paged-', per_page: 7 }))
      all.push(gateway.id)
    expect(all).toHaveLength(23)
    expect(new Set(all).size).toBe(23)
  })

  it('defaults to 20 per page and caps per_page at 100', async () => {
    const first = await admin.aiGateway.list({ account_id })
    expect(first.result_info.per_page).toBe(20)
    const capped = await admin.aiGateway.list({ account_id, per_page: 500 })
    expect(capped.result_info.per_page).toBe(100)
  })

  it('refuses a non-numeric page, naming the parameter', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways?page=two`, {
      token: await h.mintToken(['read']),
    })
    const body = (await response.json()) as { errors: Array<{ path: string[] }> }
    expect(response.status).toBe(400)
    expect(body.errors[0]?.path).toEqual(['query', 'page'])
  })
})

describe('F301 gateway URL helper', () => {
  it('returns the data-plane URL for a provider on the origin the client used', async () => {
    await admin.aiGateway.create({ account_id, id: 'url-gw', ...minimal })
    const url = await admin.aiGateway.urls.get('openai', { account_id, gateway_id: 'url-gw' })
    const origin = new URL(h.server.baseURL).origin
    expect(url).toBe(`${origin}/v1/${account_id}/url-gw/openai`)
  })

  it('404s for an unknown gateway other than default', async () => {
    const error = await rejection(admin.aiGateway.urls.get('openai', { account_id, gateway_id: 'nope' }))
    expect(error.status).toBe(404)
    const url = await admin.aiGateway.urls.get('anthropic', { account_id, gateway_id: 'default' })
    expect(url).toMatch(/\/v1\/[0-9a-f]+\/default\/anthropic$/)
  })
})
