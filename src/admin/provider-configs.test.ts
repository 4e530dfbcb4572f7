import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashToken, TokenVerifier } from '../auth/api-tokens.js'
import { defaultSettings } from '../core/gateway-settings.js'
import { SecretVault } from '../secrets/secret-vault.js'
import { createMemoryStores } from '../store/memory/create-memory-stores.js'
import { createAdminApi } from './index.js'
import { providerConfigRoutes } from './provider-configs.js'
import type { AdminRequest } from './types.js'

const accountId = 'acct1'
const token = 'aigw_unit_provider_configs'
const base = `/accounts/${accountId}/ai-gateway/gateways/gw/provider_configs`

async function setup() {
  const stores = createMemoryStores()
  const at = '2025-01-01T00:00:00.000Z'
  await stores.accounts.create({ id: accountId, createdAt: at })
  await stores.gateways.create(accountId, defaultSettings('gw', at))
  await stores.tokens.create({
    id: 't1',
    accountId,
    name: 'unit',
    hash: hashToken(token),
    preview: '…',
    permissions: ['read', 'edit'],
    createdAt: at,
    lastUsedAt: null,
    expiresAt: null,
  })
  const clock = { now: () => Date.parse('2025-01-01T00:00:00Z') }
  const vault = new SecretVault({
    store: stores.secrets,
    masterKey: { key: randomBytes(32), id: 'k', source: 'raw' },
    clock,
  })
  const changed: string[] = []
  const routes = providerConfigRoutes({
    configs: stores.providerConfigs,
    vault,
    onChanged: (_a, gw) => changed.push(gw),
  })
  const handler = createAdminApi(
    { stores, tokens: new TokenVerifier(stores.tokens, clock.now), clock, onGatewayChanged: () => undefined },
    routes,
  )
  const call = async (method: string, path: string, body?: unknown) => {
    const request: AdminRequest = {
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}` },
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    }
    const response = await handler(request)
    return response as {
      status: number
      body: { result: Record<string, unknown>; errors: Array<Record<string, unknown>> }
    }
  }
  return { stores, call, changed }
}

describe('provider config routes (F230)', () => {
  it('F224 one key per provider and alias: a second one is a 409 on alias', async () => {
    const { call } = await setup()
    expect(
      (await call('POST', base, { provider_slug: 'OpenAI', secret: 'sk-one-0123456789abcdef' })).status,
    ).toBe(200)
    const clash = await call('POST', base, {
      provider_slug: 'openai',
      alias: 'default',
      secret: 'sk-two-0123456789abcdef',
    })
    expect(clash.status).toBe(409)
    expect(clash.body.errors[0]).toMatchObject({ code: 2110, path: ['body', 'alias'] })
  })

  it('canonicalises provider slugs and refuses unknown ones, naming the field', async () => {
    const { call } = await setup()
    const google = await call('POST', base, { provider_slug: 'google', secret: 'AIza-0123456789abcdef' })
    expect(google.body.result.provider_slug).toBe('google-ai-studio')
    expect(google.body.result).toMatchObject({ alias: 'default', default_config: true })
    const unknown = await call('POST', base, { provider_slug: 'nope', secret: 'x-0123456789abcdef' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0]).toMatchObject({ code: 2005, path: ['body', 'provider_slug'] })
  })

  it('requires exactly one of secret and secret_id; secret_id reuses a stored secret of the account', async () => {
    const { call, stores } = await setup()
    const missing = await call('POST', base, { provider_slug: 'openai' })
    expect(missing.body.errors[0]).toMatchObject({ path: ['body', 'secret'] })
    const first = await call('POST', base, { provider_slug: 'openai', secret: 'sk-shared-0123456789abcd' })
    const secretId = first.body.result.secret_id as string
    const both = await call('POST', base, {
      provider_slug: 'openai',
      alias: 'b',
      secret: 'sk-x-0123456789',
      secret_id: secretId,
    })
    expect(both.status).toBe(400)
    const reused = await call('POST', base, { provider_slug: 'openai', alias: 'copy', secret_id: secretId })
    expect(reused.body.result).toMatchObject({ secret_id: secretId, secret_preview: 'sk-s…abcd' })
    const foreign = await call('POST', base, {
      provider_slug: 'openai',
      alias: 'x',
      secret_id: 'not-a-secret',
    })
    expect(foreign.body.errors[0]).toMatchObject({ path: ['body', 'secret_id'] })
    // The shared secret survives deleting one user and goes with the last.
    await call('DELETE', `${base}/${first.body.result.id as string}`)
    expect(await stores.secrets.get(accountId, secretId)).toBeDefined()
    await call('DELETE', `${base}/${reused.body.result.id as string}`)
    expect(await stores.secrets.get(accountId, secretId)).toBeUndefined()
  })

  it('F227 rotation replaces the secret, deletes the old one, and tells the data plane', async () => {
    const { call, stores, changed } = await setup()
    const created = await call('POST', base, { provider_slug: 'openai', secret: 'sk-old-0123456789abcdef' })
    const oldSecret = created.body.result.secret_id as string
    const rotated = await call('PUT', `${base}/${created.body.result.id as string}`, {
      secret: 'sk-new-0123456789abcdef',
    })
    expect(rotated.body.result.secret_id).not.toBe(oldSecret)
    expect(await stores.secrets.get(accountId, oldSecret)).toBeUndefined()
    expect(changed).toEqual(['gw', 'gw'])
    const moved = await call('PATCH', `${base}/${created.body.result.id as string}`, {
      provider_slug: 'anthropic',
    })
    expect(moved.body.errors[0]).toMatchObject({ path: ['body', 'provider_slug'] })
  })

  it('only one key per provider stays marked default_config', async () => {
    const { call } = await setup()
    const a = await call('POST', base, {
      provider_slug: 'openai',
      alias: 'a',
      default_config: true,
      secret: 'sk-a-0123456789abcdef',
    })
    await call('POST', base, {
      provider_slug: 'openai',
      alias: 'b',
      default_config: true,
      secret: 'sk-b-0123456789abcdef',
    })
    expect((await call('GET', `${base}/${a.body.result.id as string}`)).body.result.default_config).toBe(
      false,
    )
  })

  it('answers 404 for an unknown gateway or config', async () => {
    const { call } = await setup()
    expect(
      (await call('GET', `/accounts/${accountId}/ai-gateway/gateways/none/provider_configs`)).status,
    ).toBe(404)
    expect((await call('DELETE', `${base}/missing`)).status).toBe(404)
  })
})
