import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Cloudflare from 'cloudflare'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { openaiMock } from './support/provider-mocks.js'
import { startTestApp, type TestApp } from './support/test-app.js'

const configDir = mkdtempSync(join(tmpdir(), 'aigw-custom-config-'))
function configFile(name: string, yaml: string): string {
  const path = join(configDir, name)
  writeFileSync(path, yaml)
  return path
}

type Envelope = { success: boolean; errors: Array<{ code: number; message: string; path?: string[] }> }

async function apiFailure(call: Promise<unknown>): Promise<{ status: number; body: Envelope }> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(Cloudflare.APIError)
  const apiError = error as InstanceType<typeof Cloudflare.APIError>
  return { status: apiError.status ?? 0, body: apiError.error as Envelope }
}

describe('custom providers (F009, F021, F145, F166, F236–F244)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let strict: TestApp
  let account_id: string
  const cf = () => app.cloudflare
  const chat = { model: 'example-model', messages: [{ role: 'user' as const, content: 'Hello!' }] }

  beforeAll(async () => {
    await mock.start()
    mock.handle((request, response) => {
      if (request.url.startsWith('/prefix/')) return openaiMock(request, response)
      json(response, 404, { error: { message: `mock has no ${request.url}` } })
    })
    // Tests reach 127.0.0.1 over http: the operator must open both explicitly.
    app = await startTestApp({
      AIGW_CONFIG: configFile(
        'open.yaml',
        'custom_providers:\n  allow_private_networks: true\n  allow_insecure_http: true\n',
      ),
    })
    strict = await startTestApp({
      AIGW_CONFIG: configFile('strict.yaml', 'custom_providers:\n  allow_insecure_http: true\n'),
    })
    account_id = app.accountId
    await app.createGateway('custom', { authentication: false, cache_ttl: 300 })
    await strict.createGateway('custom', { authentication: false })
  })
  afterAll(async () => {
    await app.stop()
    await strict.stop()
    await mock.stop()
    rmSync(configDir, { recursive: true, force: true })
  })
  beforeEach(() => mock.reset())

  const create = (slug: string, extra: Record<string, unknown> = {}) =>
    cf().aiGateway.customProviders.create({
      account_id,
      name: `Provider ${slug}`,
      slug,
      base_url: `${mock.url}/prefix`,
      ...extra,
    })

  it('F236 F237 creates through the SDK with the documented defaults, generated logo and Unix-second times', async () => {
    const before = Math.floor(Date.now() / 1000)
    const created = await cf().aiGateway.customProviders.create({
      account_id,
      name: 'My Custom Provider',
      slug: 'some-provider',
      base_url: 'https://api.myprovider.com/',
      description: 'Custom AI provider for internal models',
    })
    expect(created).toMatchObject({
      account_id,
      account_tag: account_id,
      name: 'My Custom Provider',
      slug: 'some-provider',
      base_url: 'https://api.myprovider.com',
      description: 'Custom AI provider for internal models',
      enable: false,
      beta: false,
      link: null,
      curl_example: null,
      js_example: null,
    })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Buffer.from(created.logo!, 'base64').toString()).toMatch(/^<svg .*>MC<\/text><\/svg>$/)
    expect(created.created_at as unknown as number).toBeGreaterThanOrEqual(before)
    expect(created.modified_at).toBe(created.created_at)
    expect(await cf().aiGateway.customProviders.get(created.id, { account_id })).toEqual(created)
  })

  it('F145 F240 duplicate slug 1003/409, bad base_url 1002/400, unknown id 1004/404', async () => {
    const duplicate = await apiFailure(create('Some-Provider'))
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.errors).toEqual([
      { code: 1003, message: 'A custom provider with this slug already exists', path: ['body', 'slug'] },
    ])
    const ftp = await apiFailure(create('ftp-one', { base_url: 'ftp://files.example.com' }))
    expect(ftp.status).toBe(400)
    expect(ftp.body.errors).toEqual([
      {
        code: 1002,
        message: 'base_url must be a valid HTTPS URL starting with https://',
        path: ['body', 'base_url'],
      },
    ])
    const missing = await apiFailure(cf().aiGateway.customProviders.get(randomUUID(), { account_id }))
    expect(missing.status).toBe(404)
    expect(missing.body.errors).toEqual([{ code: 1004, message: 'Custom Provider not found' }])
  })

  it('F243 refuses base URLs on loopback, private or link-local addresses unless the operator allows them', async () => {
    for (const base_url of [
      'https://127.0.0.1:8443',
      'https://localhost',
      'https://169.254.169.254',
      'https://[fd00::1]',
    ]) {
      const refused = await apiFailure(
        strict.cloudflare.aiGateway.customProviders.create({
          account_id: strict.accountId,
          name: 'x',
          slug: 'internal',
          base_url,
        }),
      )
      expect(refused.status, base_url).toBe(400)
      expect(refused.body.errors[0]).toMatchObject({ code: 1002, path: ['body', 'base_url'] })
      expect(refused.body.errors[0]?.message).toMatch(/allow_private_networks/)
    }
    const created = await strict.cloudflare.aiGateway.customProviders.create({
      account_id: strict.accountId,
      name: 'x',
      slug: 'internal',
      base_url: 'http://public-host.example.com',
    })
    expect(created.base_url).toBe('http://public-host.example.com')
  })

  it('F243 checks the connected address at request time too (a name that later resolves privately)', async () => {
    // As if the name had resolved publicly when saved and points at loopback now (DNS rebinding).
    await strict.stores.customProviders.create({
      id: randomUUID(),
      accountId: strict.accountId,
      name: 'Rebound',
      slug: 'rebound',
      baseUrl: `${mock.url}/prefix`,
      description: null,
      link: null,
      enable: true,
      beta: false,
      curlExample: null,
      jsExample: null,
      position: null,
      headersSecretId: null,
      headersPreview: null,
      logo: '',
      createdAt: 0,
      modifiedAt: 0,
    })
    const response = await fetch(`${strict.gatewayUrl('custom')}/custom-rebound/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client' },
      body: JSON.stringify(chat),
    })
    expect(response.status).toBe(502)
    expect(await response.text()).toMatch(/"code":2053.*127\.0\.0\.1 is a loopback address/)
    expect(mock.requests).toHaveLength(0)
  })

  it('F238 lists with filters, search, order_by and paging', async () => {
    await create('alpha-llm', { name: 'Alpha', enable: true, beta: true })
    await create('zeta-llm', { name: 'Zeta', enable: true })
    const slugs = async (query: string) => {
      const response = await fetch(
        `${app.url}/client/v4/accounts/${account_id}/ai-gateway/custom-providers?${query}`,
        {
          headers: { authorization: `Bearer ${app.adminToken}` },
        },
      )
      const body = (await response.json()) as {
        result: Array<{ slug: string }> | null
        result_info: Record<string, number>
      }
      return {
        slugs: (body.result ?? []).map((p) => p.slug),
        info: body.result_info,
        status: response.status,
      }
    }
    expect((await slugs('enable=true')).slugs).toEqual(['alpha-llm', 'zeta-llm'])
    expect((await slugs('beta=true')).slugs).toEqual(['alpha-llm'])
    expect((await slugs('search=ZETA')).slugs).toEqual(['zeta-llm'])
    expect((await slugs('enable=true&order_by=name%20DESC')).slugs).toEqual(['zeta-llm', 'alpha-llm'])
    const paged = await slugs('per_page=1&page=2&order_by=slug')
    expect(paged.slugs).toEqual(['some-provider'])
    expect(paged.info).toMatchObject({ page: 2, per_page: 1, total_count: 3, total_pages: 3 })
    expect((await slugs('per_page=500')).info.per_page).toBe(100)
    expect((await slugs('order_by=color')).status).toBe(400)
    const viaSdk = []
    for await (const provider of cf().aiGateway.customProviders.list({ account_id, enable: true }))
      viaSdk.push(provider.slug)
    expect(viaSdk).toEqual(['alpha-llm', 'zeta-llm'])
  })

  it('F009 F241 routes custom-{slug}/{path} to {base_url}/{path} with the query, passing the client’s key', async () => {
    const response = await fetch(
      `${app.gatewayUrl('custom')}/custom-alpha-llm/v1/chat/completions?api-version=2&x=%2F`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
        body: JSON.stringify(chat),
      },
    )
    expect(response.status).toBe(200)
    expect(mock.last().url).toBe('/prefix/v1/chat/completions?api-version=2&x=%2F')
    expect(mock.last().headers.authorization).toBe('Bearer sk-client-key')
  })

  it('F021 /compat reaches custom-{slug}/{model} at the provider’s /v1/chat/completions', async () => {
    const client = new OpenAI({
      apiKey: 'sk-client-key',
      baseURL: `${app.gatewayUrl('custom')}/compat`,
      maxRetries: 0,
    })
    const completion = await client.chat.completions.create({
      ...chat,
      model: 'custom-zeta-llm/example-model',
    })
    expect(completion.choices[0]?.message.content).toBe('Hello from OpenAI-compatible')
    expect(mock.last().url).toBe('/prefix/v1/chat/completions')
    expect(JSON.parse(mock.last().body.toString()).model).toBe('example-model')
  })

  it('F244 enable:false refuses traffic natively and on /compat (403, 2052)', async () => {
    const native = await fetch(`${app.gatewayUrl('custom')}/custom-some-provider/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
      body: JSON.stringify(chat),
    })
    expect(native.status).toBe(403)
    expect(await native.text()).toMatch(/"code":2052/)
    const client = new OpenAI({
      apiKey: 'sk-client-key',
      baseURL: `${app.gatewayUrl('custom')}/compat`,
      maxRetries: 0,
    })
    const failure = await client.chat.completions
      .create({ ...chat, model: 'custom-some-provider/example-model' })
      .catch((error: unknown) => error)
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(403)
    expect(mock.requests).toHaveLength(0)
  })

  it('F236 extra headers are sent upstream, stored encrypted and shown as previews only', async () => {
    const created = await create('with-headers', {
      enable: true,
      headers: JSON.stringify({ 'X-Tenant-Key': 'tenant-secret-0123456789' }),
    })
    expect(created.headers).toBe(JSON.stringify({ 'x-tenant-key': 'tena…6789' }))
    const response = await fetch(`${app.gatewayUrl('custom')}/custom-with-headers/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
      body: JSON.stringify(chat),
    })
    expect(response.status).toBe(200)
    expect(mock.last().headers['x-tenant-key']).toBe('tenant-secret-0123456789')
  })

  it('F244 a stored key (BYOK) for custom-{slug} is injected for gateway-token requests', async () => {
    await app.cloudflare.aiGateway.providerConfigs.create('custom', {
      account_id,
      provider_slug: 'custom-zeta-llm',
      alias: 'default',
      default_config: true,
      secret: 'sk-zeta-stored-0123456789',
    })
    const response = await fetch(`${app.gatewayUrl('custom')}/custom-zeta-llm/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminToken}` },
      body: JSON.stringify(chat),
    })
    expect(response.status).toBe(200)
    expect(mock.last().headers.authorization).toBe('Bearer sk-zeta-stored-0123456789')
  })

  it('F239 F166 PATCH updates fields and drops the provider’s cached responses', async () => {
    const ask = () =>
      fetch(`${app.gatewayUrl('custom')}/custom-alpha-llm/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
        body: JSON.stringify({ ...chat, messages: [{ role: 'user', content: 'cache me' }] }),
      })
    expect((await ask()).status).toBe(200)
    expect((await ask()).headers.get('cf-aig-cache-status')).toBe('HIT')
    expect(mock.requests).toHaveLength(1)
    const id = (await cf().aiGateway.customProviders.list({ account_id, search: 'alpha-llm' })).result[0]!.id
    const patched = await cf().patch<{ result: Record<string, unknown> }>(
      `/accounts/${account_id}/ai-gateway/custom-providers/${id}`,
      { body: { name: 'Alpha Two', description: 'moved' } },
    )
    expect(patched.result).toMatchObject({ name: 'Alpha Two', description: 'moved', slug: 'alpha-llm' })
    expect((await ask()).headers.get('cf-aig-cache-status')).not.toBe('HIT')
    expect(mock.requests).toHaveLength(2)
  })

  it('F242 DELETE returns the provider and stops routing at once', async () => {
    const id = (await cf().aiGateway.customProviders.list({ account_id, search: 'zeta-llm' })).result[0]!.id
    const deleted = await cf().aiGateway.customProviders.delete(id, { account_id })
    expect(deleted).toMatchObject({ id, name: 'Zeta', slug: 'zeta-llm' })
    expect((await apiFailure(cf().aiGateway.customProviders.get(id, { account_id }))).status).toBe(404)
    const response = await fetch(`${app.gatewayUrl('custom')}/custom-zeta-llm/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key' },
      body: JSON.stringify(chat),
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(/no custom provider 'custom-zeta-llm'/)
    expect(mock.requests).toHaveLength(0)
  })
})
