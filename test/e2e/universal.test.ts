import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSseParser } from '../../src/stream/sse.js'
import { json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { anthropicMock, openaiMock } from './support/provider-mocks.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

const CF_ACCOUNT = 'a'.repeat(32)
const LLAMA = '@cf/meta/llama-3.1-8b-instruct'
const messages = [{ role: 'user', content: 'What is Cloudflare?' }]

type Behaviour = (request: RecordedRequest, response: ServerResponse) => void

/** Upstream misbehaviour, chosen per request by the OpenAI `model` or the Workers AI model id. */
const fail =
  (status: number): Behaviour =>
  (_request, response) =>
    json(response, status, { error: { message: `mock failure ${status}` } })
const hang: Behaviour = () => undefined
const sseHead = (response: ServerResponse): void => {
  response.writeHead(200, { 'content-type': 'text/event-stream' })
  response.flushHeaders()
}
const silentAfterHeaders: Behaviour = (_request, response) => sseHead(response)
const resetAfterHeaders: Behaviour = (_request, response) => {
  sseHead(response)
  setTimeout(() => response.socket?.destroy(), 20)
}
const chunk = (content: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`
const slowStream: Behaviour = (_request, response) => {
  sseHead(response)
  response.write(chunk('slow'))
  setTimeout(() => response.end(`${chunk(' but complete')}data: [DONE]\n\n`), 700)
}
const breaksMidStream: Behaviour = (_request, response) => {
  sseHead(response)
  response.write(chunk('half'))
  setTimeout(() => response.socket?.destroy(), 50)
}

function workersAiAnswer(_request: RecordedRequest, response: ServerResponse): void {
  json(response, 200, {
    result: { response: 'Hello from Workers AI', usage: { prompt_tokens: 9, completion_tokens: 4 } },
    success: true,
    errors: [],
    messages: [],
  })
}

describe('Universal endpoint with fallbacks (F035–F046, F133, F177, F183)', () => {
  const mock = new MockUpstream()
  const openaiModels = new Map<string, Behaviour>()
  const workersModels = new Map<string, Behaviour>()
  let app: TestApp
  let url: string

  const openaiStep = (model: string, extra: Record<string, unknown> = {}) => ({
    provider: 'openai',
    endpoint: 'chat/completions',
    headers: { Authorization: 'Bearer sk-openai', 'Content-Type': 'application/json' },
    query: { model, messages },
    ...extra,
  })
  const workersStep = (model = LLAMA, extra: Record<string, unknown> = {}) => ({
    provider: 'workers-ai',
    endpoint: model,
    headers: { Authorization: 'Bearer cf-token', 'Content-Type': 'application/json' },
    query: { messages },
    ...extra,
  })
  const post = (body: unknown, headers: Record<string, string> = {}, target = url) =>
    fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'cf-aig-authorization': `Bearer ${app.adminToken}`,
        ...headers,
      },
      body: JSON.stringify(body),
    })
  const upstreamCalls = (prefix: string) => mock.requests.filter((request) => request.url.startsWith(prefix))
  const getLog = (id: string) =>
    app.cloudflare.aiGateway.logs.get(id, { account_id: app.accountId, gateway_id: 'uni' } as never)

  beforeAll(async () => {
    await mock.start()
    mock.handle((request, response) => {
      if (request.url === '/v1/chat/completions') {
        const model = String((JSON.parse(request.body.toString()) as { model?: unknown }).model)
        return (openaiModels.get(model) ?? openaiMock)(request, response)
      }
      const run = `/client/v4/accounts/${CF_ACCOUNT}/ai/run/`
      if (request.url.startsWith(run)) {
        return (workersModels.get(request.url.slice(run.length)) ?? workersAiAnswer)(request, response)
      }
      if (request.url === '/v1/messages') return anthropicMock(request, response)
      json(response, 404, { error: { message: `mock has no ${request.url}` } })
    })
    app = await startTestApp({
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_UPSTREAM_ANTHROPIC: mock.url,
      AIGW_WORKERS_AI_ACCOUNT_ID: CF_ACCOUNT,
    })
    await app.createGateway('uni', { authentication: true, collect_logs: true })
    await app.createGateway('uni-limited', { rate_limiting_limit: 1, rate_limiting_interval: 60 })
    url = app.gatewayUrl('uni')
    openaiModels.set('fails-500', fail(500)).set('fails-429', fail(429)).set('hangs', hang)
    openaiModels.set('silent-stream', silentAfterHeaders).set('reset-stream', resetAfterHeaders)
    openaiModels.set('slow-stream', slowStream).set('broken-stream', breaksMidStream)
    workersModels.set('@cf/fails-503', fail(503))
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => mock.reset())

  it('F037 F038 F133 a first step answering 500 hands over to the second, which answers with cf-aig-step: 1', async () => {
    const response = await post([openaiStep('fails-500'), workersStep()], {
      authorization: 'Bearer outer-secret',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('1')
    expect(response.headers.get('cf-aig-log-id')).toBeTruthy()
    expect(await response.json()).toMatchObject({ result: { response: 'Hello from Workers AI' } })
    expect(upstreamCalls('/v1/chat/completions')).toHaveLength(1)
    const [workers] = upstreamCalls('/client/v4/')
    // F035: each step sends its own headers and query; nothing of the outer request leaks to a provider.
    expect(workers!.url).toBe(`/client/v4/accounts/${CF_ACCOUNT}/ai/run/${LLAMA}`)
    expect(workers!.headers.authorization).toBe('Bearer cf-token')
    expect(Object.keys(workers!.headers).filter((name) => name.startsWith('cf-aig'))).toEqual([])
    expect(JSON.parse(workers!.body.toString())).toEqual({ messages })
  })

  it('F038 when the first step answers, cf-aig-step is 0 and later steps never run', async () => {
    const response = await post([openaiStep('gpt-4o-mini'), workersStep()])
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('0')
    expect(await response.json()).toMatchObject({
      choices: [{ message: { content: 'Hello from OpenAI-compatible' } }],
    })
    expect(upstreamCalls('/client/v4/')).toHaveLength(0)
  })

  it('F037 when every step fails, the last step’s own error reaches the client untouched', async () => {
    const response = await post([workersStep('@cf/fails-503'), openaiStep('fails-429')])
    expect(response.status).toBe(429)
    expect(response.headers.get('cf-aig-step')).toBe('1')
    expect(await response.json()).toEqual({ error: { message: 'mock failure 429' } })
  })

  it('F039 F177 F183 a step with no response within config.requestTimeout falls back to the next', async () => {
    const response = await post([openaiStep('hangs', { config: { requestTimeout: 300 } }), workersStep()])
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('1')
    expect(await response.json()).toMatchObject({ result: { response: 'Hello from Workers AI' } })
  })

  it('F177 a stream that started within the timeout is not cut, however slow the rest', async () => {
    const response = await post([
      openaiStep('slow-stream', {
        config: { requestTimeout: 300 },
        query: { model: 'slow-stream', stream: true, messages },
      }),
      workersStep(),
    ])
    expect(response.headers.get('cf-aig-step')).toBe('0')
    const text = await response.text()
    expect(text).toBe(`${chunk('slow')}${chunk(' but complete')}data: [DONE]\n\n`)
    expect(upstreamCalls('/client/v4/')).toHaveLength(0)
  })

  it.each([
    ['the connection resets after the headers', 'reset-stream', {}],
    ['no byte follows the headers within requestTimeout', 'silent-stream', { requestTimeout: 300 }],
  ])(
    'F041 beyond Cloudflare: a streamed step that fails before its first byte is replaced invisibly (%s)',
    async (_case, model, config) => {
      const response = await post([
        openaiStep(model, { config, query: { model, stream: true, messages } }),
        openaiStep('gpt-4o-mini', { query: { model: 'gpt-4o-mini', stream: true, messages } }),
      ])
      expect(response.status).toBe(200)
      expect(response.headers.get('cf-aig-step')).toBe('1')
      const events = createSseParser().push(await response.text())
      expect(events.at(-1)!.data).toBe('[DONE]')
      const text = events
        .slice(0, -1)
        .map(
          (event) =>
            (JSON.parse(event.data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta
              .content ?? '',
        )
        .join('')
      expect(text).toBe('Hello from OpenAI-compatible')
    },
  )

  it('F041 beyond Cloudflare: a stream that breaks after it started ends with an error event, and the log says it failed', async () => {
    const response = await post([
      openaiStep('broken-stream', { query: { model: 'broken-stream', stream: true, messages } }),
      workersStep(),
    ])
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('0')
    const events = createSseParser().push(await response.text())
    expect(events[0]!.data).toBe(chunk('half').slice('data: '.length, -2))
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({
      error: { message: expect.stringContaining('broke after it started'), code: '2015' },
    })
    expect(upstreamCalls('/client/v4/')).toHaveLength(0)
    await settled(app)
    const log = await getLog(response.headers.get('cf-aig-log-id')!)
    expect(log).toMatchObject({ success: false, step: 0, request_type: 'universal' })
  })

  it('F040 outer cf-aig-cache-ttl 3600 caches the Workers AI step; the OpenAI step’s own header 0 keeps it uncached', async () => {
    const cachedBody = [workersStep(LLAMA, { query: { messages: [{ role: 'user', content: 'cache me' }] } })]
    const first = await post(cachedBody, { 'cf-aig-cache-ttl': '3600' })
    const second = await post(cachedBody, { 'cf-aig-cache-ttl': '3600' })
    expect([first.status, second.status]).toEqual([200, 200])
    expect([first.headers.get('cf-aig-cache-status'), second.headers.get('cf-aig-cache-status')]).toEqual([
      'MISS',
      'HIT',
    ])
    expect(await second.json()).toEqual(await first.json())
    expect(upstreamCalls('/client/v4/')).toHaveLength(1)

    const uncached = [
      workersStep('@cf/fails-503'),
      openaiStep('gpt-4o-mini', { headers: { Authorization: 'Bearer sk-openai', 'cf-aig-cache-ttl': '0' } }),
    ]
    for (let round = 0; round < 2; round++) {
      const response = await post(uncached, { 'cf-aig-cache-ttl': '3600' })
      expect(response.headers.get('cf-aig-step')).toBe('1')
      expect(response.headers.get('cf-aig-cache-status')).toBeNull()
      await response.arrayBuffer()
    }
    expect(upstreamCalls('/v1/chat/completions')).toHaveLength(2)
  })

  it('F035 a compat step speaks OpenAI chat to any provider (here Anthropic) and answers OpenAI-shaped', async () => {
    const response = await post([
      workersStep('@cf/fails-503'),
      {
        provider: 'compat',
        endpoint: 'chat/completions',
        headers: { authorization: 'Bearer sk-ant' },
        query: { model: 'anthropic/claude-sonnet-4-5', messages },
      },
    ])
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('1')
    expect(await response.json()).toMatchObject({
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [{ message: { content: 'Bonjour from Claude' } }],
    })
    expect(upstreamCalls('/v1/messages')[0]!.headers['x-api-key']).toBe('sk-ant')
  })

  it('F045 F043 a single step object with a capitalised provider name works; so does the trailing-slash URL (F008)', async () => {
    const response = await post({ ...openaiStep('gpt-4o-mini'), provider: 'OpenAI' }, {}, `${url}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cf-aig-step')).toBe('0')
  })

  it.each([
    ['an empty array', [], 'body: at least one step'],
    [
      'a step without a provider',
      [openaiStep('gpt-4o-mini'), { endpoint: 'x', query: {} }],
      '[1].provider: required',
    ],
    [
      'an unknown provider',
      [{ ...openaiStep('gpt-4o-mini'), provider: 'nope' }],
      "[0].provider: 'nope' is not a provider slug",
    ],
    [
      'a bad config value',
      [openaiStep('gpt-4o-mini', { config: { maxAttempts: 9 } })],
      '[0].config.maxAttempts',
    ],
  ])(
    'F035 validation: %s is a 400 naming the step and field, and nothing goes upstream',
    async (_case, body, message) => {
      const response = await post(body)
      expect(response.status).toBe(400)
      const error = (await response.json()) as { success: boolean; error: Array<{ message: string }> }
      expect(error.success).toBe(false)
      expect(error.error[0]!.message).toContain(message)
      expect(response.headers.get('cf-aig-step')).toBeNull()
      expect(mock.requests).toHaveLength(0)
    },
  )

  it('malformed JSON is a 400 and only POST is accepted', async () => {
    const malformed = await fetch(url, {
      method: 'POST',
      headers: { 'cf-aig-authorization': `Bearer ${app.adminToken}` },
      body: '[{',
    })
    expect(malformed.status).toBe(400)
    const get = await fetch(url, { headers: { 'cf-aig-authorization': `Bearer ${app.adminToken}` } })
    expect(get.status).toBe(405)
  })

  it('F044 on an authenticated gateway the token must be the outer cf-aig-authorization; in a step it does not count', async () => {
    const inStep = openaiStep('gpt-4o-mini', {
      headers: { Authorization: 'Bearer sk-openai', 'cf-aig-authorization': `Bearer ${app.adminToken}` },
    })
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([inStep]),
    })
    expect(response.status).toBe(401)
    expect(mock.requests).toHaveLength(0)
  })

  it('F171 the gateway rate limit refuses the whole request: no fallback step gets around it', async () => {
    const limited = app.gatewayUrl('uni-limited')
    const steps = [openaiStep('gpt-4o-mini'), workersStep()]
    expect((await post(steps, {}, limited)).status).toBe(200)
    mock.reset()
    const refused = await post(steps, {}, limited)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBeTruthy()
    expect(mock.requests).toHaveLength(0)
  })

  it('F046 the log entry says universal, names the answering step and its provider and model', async () => {
    const response = await post([openaiStep('fails-500'), workersStep()])
    expect(response.headers.get('cf-aig-step')).toBe('1')
    await response.arrayBuffer()
    await settled(app)
    const log = await getLog(response.headers.get('cf-aig-log-id')!)
    expect(log).toMatchObject({
      request_type: 'universal',
      step: 1,
      provider: 'workers-ai',
      model: LLAMA,
      path: LLAMA,
      status_code: 200,
      success: true,
      tokens_in: 9,
      tokens_out: 4,
    })
  })
})
