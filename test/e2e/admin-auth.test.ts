import Cloudflare from 'cloudflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '../../src/auth/api-tokens.js'
import { startAdminHarness, type AdminHarness } from './support/admin-server.js'

let h: AdminHarness
let account_id: string
let editToken: string

beforeAll(async () => {
  h = await startAdminHarness()
  account_id = h.accountId
  editToken = await h.mintToken(['read', 'edit', 'run'])
  await h.stores.accounts.create({
    id: 'ffffffffffffffffffffffffffffffff',
    createdAt: new Date(0).toISOString(),
  })
  await h.client(editToken).aiGateway.create({
    account_id,
    id: 'guarded',
    cache_invalidate_on_update: false,
    cache_ttl: 0,
    collect_logs: true,
    rate_limiting_interval: 0,
    rate_limiting_limit: 0,
  })
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

interface Envelope {
  success: boolean
  errors: Array<{ code: number; message: string }>
  messages: unknown[]
  result: unknown
}

describe('F011 API token authentication', () => {
  it('401 with code 10000 without a token, with a wrong token and with another account’s token', async () => {
    const missing = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways`)
    expect(missing.status).toBe(401)
    const body = (await missing.json()) as Envelope
    expect(body).toMatchObject({ success: false, messages: [], result: null })
    expect(body.errors[0]).toMatchObject({
      code: 10000,
      message: expect.stringMatching(/^Authentication error/),
    })

    expect((await rejection(h.client('aigw_wrong').aiGateway.get('guarded', { account_id }))).status).toBe(
      401,
    )
    const foreign = await h.mintToken(['read', 'edit'], 'ffffffffffffffffffffffffffffffff')
    const error = await rejection(h.client(foreign).aiGateway.get('guarded', { account_id }))
    expect(error.status).toBe(401)
    expect(error.errors[0]?.code).toBe(10000)
  })

  it('a read token reads but gets 403 on writes; an edit token may read', async () => {
    const reader = h.client(await h.mintToken(['read']))
    expect((await reader.aiGateway.get('guarded', { account_id })).id).toBe('guarded')
    const error = await rejection(reader.aiGateway.update('guarded', { account_id, cache_ttl: 60 } as never))
    expect(error.status).toBe(403)
    expect(error.errors[0]).toMatchObject({
      code: 10000,
      message: expect.stringMatching(/lacks the "edit" permission/),
    })

    const editor = h.client(await h.mintToken(['edit']))
    expect((await editor.aiGateway.get('guarded', { account_id })).id).toBe('guarded')
  })

  it('a run-only token cannot use the management API at all (403)', async () => {
    const runner = h.client(await h.mintToken(['run']))
    expect((await rejection(runner.aiGateway.list({ account_id }))).status).toBe(403)
  })

  it('404 for an account that does not exist', async () => {
    const response = await h.fetch('/accounts/00000000000000000000000000000000/ai-gateway/gateways', {
      token: editToken,
    })
    expect(response.status).toBe(404)
    expect(((await response.json()) as Envelope).errors[0]?.code).toBe(2002)
  })
})

describe('routing and malformed requests (F297)', () => {
  it('unknown routes answer a 404 envelope', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/nothing-here`, { token: editToken })
    expect(response.status).toBe(404)
    expect((await response.json()) as Envelope).toMatchObject({ success: false, errors: [{ code: 7000 }] })
  })

  it('a known path with the wrong method answers 405 with Allow', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways/guarded`, {
      method: 'PATCH',
      token: editToken,
      body: '{}',
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, PUT, DELETE')
    expect(((await response.json()) as Envelope).errors[0]?.code).toBe(2008)
  })

  it('malformed JSON is a 400 naming the problem', async () => {
    const response = await h.fetch(`/accounts/${account_id}/ai-gateway/gateways`, {
      method: 'POST',
      token: editToken,
      body: '{"id": "x",',
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Envelope
    expect(body.errors[0]).toMatchObject({ code: 2006, path: ['body'] })
  })

  it('unknown query parameters are refused rather than ignored', async () => {
    const response = await h.fetch(
      `/accounts/${account_id}/ai-gateway/gateways/guarded/logs?provder=openai`,
      {
        token: editToken,
      },
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as Envelope).errors[0]).toMatchObject({ path: ['query', 'provder'] })
  })
})

describe('API tokens (aigw extension)', () => {
  const tokensPath = () => `/accounts/${account_id}/ai-gateway/tokens`

  async function createToken(body: unknown, token = editToken) {
    const response = await h.fetch(tokensPath(), { method: 'POST', token, body: JSON.stringify(body) })
    return { status: response.status, body: (await response.json()) as Envelope }
  }

  it('create → use → revoke → 401', async () => {
    const created = await createToken({ name: 'ci reader', permissions: ['read'] })
    expect(created.status).toBe(200)
    const result = created.body.result as Record<string, unknown>
    expect(result).toMatchObject({
      name: 'ci reader',
      permissions: ['read'],
      expires_at: null,
      last_used_at: null,
      created_at: new Date(h.clock.now()).toISOString(),
    })
    const secret = result.value as string
    expect(secret).toMatch(/^aigw_/)
    expect(result.preview).toBe(`${secret.slice(0, 9)}…${secret.slice(-4)}`)

    // Only the hash is stored.
    const stored = (await h.stores.tokens.list(account_id)).find((t) => t.id === result.id)
    expect(stored?.hash).toBe(hashToken(secret))
    expect(JSON.stringify(stored)).not.toContain(secret)

    const client = h.client(secret)
    expect((await client.aiGateway.get('guarded', { account_id })).id).toBe('guarded')

    const revoked = await h.fetch(`${tokensPath()}/${String(result.id)}`, {
      method: 'DELETE',
      token: editToken,
    })
    expect(revoked.status).toBe(200)
    expect((await rejection(client.aiGateway.get('guarded', { account_id }))).status).toBe(401)
  })

  it('lists tokens without their secret or hash', async () => {
    const created = await createToken({ name: 'listed', permissions: ['read', 'edit'] })
    const secret = (created.body.result as { value: string }).value
    const response = await h.fetch(tokensPath(), { token: editToken })
    const text = await response.text()
    expect(text).not.toContain(secret)
    expect(text).not.toContain(hashToken(secret))
    const listed = (JSON.parse(text) as Envelope).result as Array<Record<string, unknown>>
    expect(listed.find((t) => t.name === 'listed')).toEqual({
      id: expect.any(String),
      name: 'listed',
      permissions: ['read', 'edit'],
      preview: (created.body.result as { preview: string }).preview,
      created_at: expect.any(String),
      expires_at: null,
      last_used_at: null,
    })
  })

  it('expiring tokens stop working once expired', async () => {
    const expiresAt = new Date(h.clock.now() + 60_000).toISOString()
    const created = await createToken({ name: 'short', permissions: ['read'], expires_at: expiresAt })
    expect((created.body.result as { expires_at: string }).expires_at).toBe(expiresAt)
    const client = h.client((created.body.result as { value: string }).value)
    expect((await client.aiGateway.get('guarded', { account_id })).id).toBe('guarded')
    h.clock.advance(61_000)
    expect((await rejection(client.aiGateway.get('guarded', { account_id }))).status).toBe(401)
  })

  it('validates the body, naming the field', async () => {
    const badPermission = await createToken({ name: 'x', permissions: ['admin'] })
    expect(badPermission.status).toBe(400)
    expect(badPermission.body.errors[0]).toMatchObject({ path: ['body', 'permissions', 0] })
    const past = await createToken({ name: 'x', permissions: ['read'], expires_at: '2000-01-01T00:00:00Z' })
    expect(past.body.errors[0]).toMatchObject({ path: ['body', 'expires_at'] })
    const noName = await createToken({ permissions: ['read'] })
    expect(noName.body.errors[0]).toMatchObject({ path: ['body', 'name'], message: 'name is required' })
  })

  it('needs edit, and a token cannot grant permissions it lacks', async () => {
    const reader = await h.mintToken(['read'])
    expect((await createToken({ name: 'x', permissions: ['read'] }, reader)).status).toBe(403)
    const editOnly = await h.mintToken(['edit'])
    const escalation = await createToken({ name: 'x', permissions: ['run'] }, editOnly)
    expect(escalation.status).toBe(403)
    expect(escalation.body.errors[0]?.message).toMatch(
      /cannot grant permissions it does not hold itself \(run\)/,
    )
  })

  it('404 when revoking an unknown token', async () => {
    const response = await h.fetch(`${tokensPath()}/nope`, { method: 'DELETE', token: editToken })
    expect(response.status).toBe(404)
  })
})
