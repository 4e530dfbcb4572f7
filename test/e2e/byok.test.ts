import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Anthropic from '@anthropic-ai/sdk'
import { GoogleGenAI } from '@google/genai'
import Database from 'better-sqlite3'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { json, MockUpstream } from './support/mock-upstream.js'
import { anthropicMock, cohereMock, geminiMock, openaiMock } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const tag = randomBytes(6).toString('hex')
const KEYS = {
  openai: `sk-openai-STORED-${tag}`,
  production: `sk-openai-PROD-${tag}`,
  rotated: `sk-openai-ROTATED-${tag}`,
  anthropic: `sk-ant-STORED-${tag}`,
  google: `AIza-STORED-${tag}`,
  cohere: `co-STORED-${tag}`,
  workers: `cf-wai-STORED-${tag}`,
}
const CF_ACCOUNT = 'c'.repeat(32)
const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
/** A run of the PEM body: if this appears anywhere, the service account leaked. */
const PEM_PROBE = privateKey.split('\n')[5]!

describe('stored provider keys (BYOK, F223–F230, F018, F022, F083)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  let runToken: string
  let account_id: string
  const configs: Record<string, string> = {}
  const gw = (path: string) => `${app.gatewayUrl('byok')}${path}`
  const configsPath = (gateway = 'byok') =>
    `/accounts/${account_id}/ai-gateway/gateways/${gateway}/provider_configs`

  async function store(
    provider_slug: string,
    secret: string,
    extra: Record<string, unknown> = {},
    gateway = 'byok',
  ) {
    const created = await app.cloudflare.aiGateway.providerConfigs.create(gateway, {
      account_id,
      provider_slug,
      alias: 'default',
      default_config: true,
      secret,
      ...extra,
    })
    expect(JSON.stringify(created)).not.toContain(secret)
    return created
  }

  beforeAll(async () => {
    await mock.start()
    mock.handle((request, response) => {
      const path = request.url
      if (path === '/token')
        return json(response, 200, { access_token: 'ya29.minted', expires_in: 3600, token_type: 'Bearer' })
      if (path === '/v1/chat/completions') return openaiMock(request, response)
      if (path === '/v1/messages') return anthropicMock(request, response)
      if (path === '/v2/chat') return cohereMock(request, response)
      if (path.startsWith('/v1beta/models/') || path.startsWith('/v1/projects/proj/locations/us-central1/'))
        return geminiMock(request, response)
      if (path === `/client/v4/accounts/${CF_ACCOUNT}/ai/v1/chat/completions`)
        return openaiMock(request, response)
      json(response, 404, { error: { message: `mock has no ${path}` } })
    })
    app = await startTestApp({
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
      AIGW_UPSTREAM_ANTHROPIC: mock.url,
      AIGW_UPSTREAM_GOOGLE_AI_STUDIO: mock.url,
      AIGW_UPSTREAM_GOOGLE_VERTEX_AI: mock.url,
      AIGW_UPSTREAM_COHERE: mock.url,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
    })
    account_id = app.accountId
    await app.createGateway('byok', { authentication: true, collect_logs: true })
    const minted = await app.cloudflare.post<{ result: { value: string } }>(
      `/accounts/${account_id}/ai-gateway/tokens`,
      {
        body: { name: 'data plane', permissions: ['run'] },
      },
    )
    runToken = minted.result.value
    configs.openai = (await store('openai', KEYS.openai)).id
    configs.anthropic = (await store('anthropic', KEYS.anthropic)).id
    configs.google = (await store('google-ai-studio', KEYS.google)).id
    configs.cohere = (await store('cohere', KEYS.cohere)).id
    configs.workers = (
      await store('workers-ai', JSON.stringify({ account_id: CF_ACCOUNT, api_token: KEYS.workers }))
    ).id
    const serviceAccount = {
      type: 'service_account',
      client_email: 'svc@proj.iam.gserviceaccount.com',
      private_key: privateKey,
      token_uri: `${mock.url}/token`,
      project_id: 'proj',
    }
    configs.vertex = (
      await store('google-vertex-ai', JSON.stringify(serviceAccount), { region: 'us-central1' })
    ).id
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  it('F230 the cloudflare SDK creates and lists provider configs in its shape, with previews only', async () => {
    const listed = []
    for await (const config of app.cloudflare.aiGateway.providerConfigs.list('byok', { account_id }))
      listed.push(config)
    const openai = listed.find((config) => config.id === configs.openai)
    expect(openai).toMatchObject({
      alias: 'default',
      default_config: true,
      gateway_id: 'byok',
      provider_slug: 'openai',
      secret_preview: `sk-o…${KEYS.openai.slice(-4)}`,
      status: 'active',
    })
    expect(openai?.secret_id).toMatch(/^[0-9a-f]{32}$/)
    expect(Date.parse(openai!.modified_at)).not.toBeNaN()
    expect(listed.map((config) => config.provider_slug).sort()).toEqual([
      'anthropic',
      'cohere',
      'google-ai-studio',
      'google-vertex-ai',
      'openai',
      'workers-ai',
    ])
    expect(JSON.stringify(listed)).not.toMatch(new RegExp(`STORED-${tag}|${PEM_PROBE.slice(0, 20)}`))
  })

  it('F018 OpenAI SDK with the gateway token as its apiKey: the stored key goes upstream as Bearer', async () => {
    const client = new OpenAI({ apiKey: runToken, baseURL: gw('/openai'), maxRetries: 0 })
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(completion.choices[0]?.message.content).toBe('Hello from OpenAI-compatible')
    expect(mock.last().headers.authorization).toBe(`Bearer ${KEYS.openai}`)
    expect(JSON.stringify(mock.last().headers)).not.toContain(runToken)
  })

  it('F223 only cf-aig-authorization: the stored key is injected; a key sent by the client wins', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    const headers = { 'content-type': 'application/json', 'cf-aig-authorization': `Bearer ${runToken}` }
    expect((await fetch(gw('/openai/chat/completions'), { method: 'POST', headers, body })).status).toBe(200)
    expect(mock.last().headers.authorization).toBe(`Bearer ${KEYS.openai}`)
    const own = { ...headers, authorization: 'Bearer sk-client-own-key' }
    expect((await fetch(gw('/openai/chat/completions'), { method: 'POST', headers: own, body })).status).toBe(
      200,
    )
    expect(mock.last().headers.authorization).toBe('Bearer sk-client-own-key')
  })

  it('F083 Anthropic SDK: the stored key travels as x-api-key', async () => {
    const client = new Anthropic({ apiKey: runToken, baseURL: gw('/anthropic'), maxRetries: 0 })
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Bonjour from Claude' })
    expect(mock.last().headers['x-api-key']).toBe(KEYS.anthropic)
    expect(mock.last().headers.authorization).toBeUndefined()
  })

  it('F083 @google/genai with the gateway token as apiKey: the stored key travels as x-goog-api-key', async () => {
    const ai = new GoogleGenAI({ apiKey: runToken, httpOptions: { baseUrl: gw('/google-ai-studio') } })
    const result = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' })
    expect(result.text).toBe('Kia ora from Gemini')
    expect(mock.last().headers['x-goog-api-key']).toBe(KEYS.google)
  })

  it('F223 Cohere: the stored key travels as "Authorization: Token"', async () => {
    const response = await fetch(gw('/cohere/v2/chat'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${runToken}` },
      body: JSON.stringify({ model: 'command-r', messages: [{ role: 'user', content: 'Hi' }] }),
    })
    expect(response.status).toBe(200)
    expect(mock.last().headers.authorization).toBe(`Token ${KEYS.cohere}`)
  })

  it('F022 /compat to Workers AI with only cf-aig-authorization and cf-aig-metadata succeeds', async () => {
    const response = await fetch(gw('/compat/chat/completions'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'cf-aig-authorization': `Bearer ${runToken}`,
        'cf-aig-metadata': JSON.stringify({ lab: 'first-request' }),
      },
      body: JSON.stringify({
        model: 'workers-ai/@cf/meta/llama-3.2-3b-instruct',
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    expect(response.status).toBe(200)
    const seen = mock.last()
    expect(seen.url).toBe(`/client/v4/accounts/${CF_ACCOUNT}/ai/v1/chat/completions`)
    expect(seen.headers.authorization).toBe(`Bearer ${KEYS.workers}`)
  })

  it('F228 Vertex: the stored service account and region mint the token, natively and on /compat', async () => {
    const native = await fetch(
      gw(
        '/google-vertex-ai/v1/projects/proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
      ),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${runToken}` },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }),
      },
    )
    expect(native.status).toBe(200)
    expect(mock.last().headers.authorization).toBe('Bearer ya29.minted')
    const client = new OpenAI({ apiKey: runToken, baseURL: gw('/compat'), maxRetries: 0 })
    const completion = await client.chat.completions.create({
      model: 'google-vertex-ai/google/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(completion.choices[0]?.message.content).toBe('Kia ora from Gemini')
    expect(mock.last().url).toMatch(
      /^\/v1\/projects\/proj\/locations\/us-central1\/publishers\/google\/models\//,
    )
  })

  it('F224 cf-aig-byok-alias selects another key; an unknown alias is a 401 naming it', async () => {
    await store('openai', KEYS.production, { alias: 'production', default_config: false })
    const client = new OpenAI({ apiKey: runToken, baseURL: gw('/openai'), maxRetries: 0 })
    const ask = (alias?: string) =>
      client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
        alias ? { headers: { 'cf-aig-byok-alias': alias } } : {},
      )
    await ask('production')
    expect(mock.last().headers.authorization).toBe(`Bearer ${KEYS.production}`)
    await ask()
    expect(mock.last().headers.authorization).toBe(`Bearer ${KEYS.openai}`)
    const failure = await ask('testing').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.APIError)
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(401)
    expect((failure as Error).message).toMatch(/alias 'testing'/)
  })

  it('F227 rotation applies to the next request and deletion breaks it at once; F225 records the last use', async () => {
    const path = `${configsPath()}/${configs.openai}`
    const rotated = await app.cloudflare.patch<{ result: Record<string, unknown> }>(path, {
      body: { secret: KEYS.rotated },
    })
    expect(rotated.result.secret_preview).toBe(`sk-o…${KEYS.rotated.slice(-4)}`)
    expect(JSON.stringify(rotated)).not.toContain(KEYS.rotated)
    const client = new OpenAI({ apiKey: runToken, baseURL: gw('/openai'), maxRetries: 0 })
    const ask = () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
    await ask()
    expect(mock.last().headers.authorization).toBe(`Bearer ${KEYS.rotated}`)
    await settled(app)
    const used = await app.cloudflare.get<{ result: { last_used_at: string | null; status: string } }>(path)
    expect(used.result.last_used_at).not.toBeNull()
    expect(used.result.status).toBe('active')

    const deleted = await app.cloudflare.delete<{ result: { id: string } }>(path)
    expect(deleted.result.id).toBe(configs.openai)
    mock.reset()
    const failure = await ask().catch((error: unknown) => error)
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(401)
    expect(mock.requests).toHaveLength(0)
    expect((failure as Error).message).not.toContain('ROTATED')
  })

  it('F086 an unauthenticated request never gets a stored key', async () => {
    await app.createGateway('open', { authentication: false })
    await store('anthropic', KEYS.anthropic, {}, 'open')
    const response = await fetch(`${app.gatewayUrl('open')}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    expect(response.status).toBe(401)
    expect(await response.text()).toMatch(/"code":2010.*cf-aig-authorization/)
    expect(mock.requests).toHaveLength(0)
  })

  it('byok_only gateways refuse requests that carry their own provider key (403, 2050)', async () => {
    await app.createGateway('strict', { authentication: true, byok_only: true })
    await store('openai', KEYS.openai, {}, 'strict')
    const client = new OpenAI({
      apiKey: 'sk-client-own-key',
      baseURL: `${app.gatewayUrl('strict')}/openai`,
      defaultHeaders: { 'cf-aig-authorization': `Bearer ${runToken}` },
      maxRetries: 0,
    })
    const failure = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((error: unknown) => error)
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(403)
    expect(JSON.stringify((failure as InstanceType<typeof OpenAI.APIError>).error)).toContain('2050')
    expect(mock.requests).toHaveLength(0)
  })

  it('F223 management errors about a secret never quote it', async () => {
    const secret = `{"client_email":"x","private_key":"LEAK-${tag}"`
    const response = await fetch(`${app.url}/client/v4${configsPath()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider_slug: 'google-vertex-ai', secret }),
    })
    const text = await response.text()
    expect(response.status).toBe(400)
    expect(text).toMatch(/"path":\["body","secret"\]/)
    expect(text).not.toContain(`LEAK-${tag}`)
  })

  it('F223 no stored key appears in any log entry or logged body', async () => {
    await settled(app)
    const logs = []
    for await (const log of app.cloudflare.aiGateway.logs.list('byok', { account_id, per_page: 50 }))
      logs.push(log)
    expect(logs.length).toBeGreaterThan(5)
    const bodies = await Promise.all(
      logs.flatMap((log) => [
        app.cloudflare.aiGateway.logs.request(log.id, { account_id, gateway_id: 'byok' }),
        app.cloudflare.aiGateway.logs.response(log.id, { account_id, gateway_id: 'byok' }),
      ]),
    )
    const everything = JSON.stringify([logs, bodies])
    for (const key of Object.values(KEYS)) expect(everything).not.toContain(key)
    expect(everything).not.toContain(PEM_PROBE)
  })

  it('F226 the SQLite file holds no stored key in plaintext, base64 or hex, in any table or column', async () => {
    await settled(app)
    const secrets = [...Object.values(KEYS), PEM_PROBE]
    const encodings = secrets.flatMap((secret) => [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('hex'),
    ])
    const db = new Database(join(app.dataDir, 'aigw.sqlite'), { readonly: true })
    try {
      const tables = db
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
        .all()
      expect(tables.map((t) => t.name)).toContain('secrets')
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
          for (const [column, value] of Object.entries(row)) {
            const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value)
            for (const probe of encodings) expect(text.includes(probe), `${name}.${column}`).toBe(false)
          }
        }
      }
      expect((db.prepare('SELECT count(*) AS n FROM secrets').get() as { n: number }).n).toBeGreaterThan(5)
    } finally {
      db.close()
    }
    for (const file of readdirSync(app.dataDir).filter((f) => f.startsWith('aigw.sqlite'))) {
      const raw = readFileSync(join(app.dataDir, file)).toString('latin1')
      for (const probe of encodings) expect(raw.includes(probe), file).toBe(false)
    }
  })
})
