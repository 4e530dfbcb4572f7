import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { gate, json, MockUpstream, type RecordedRequest } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'
import { openSocket, refusedSocket, type OpenSocket } from './support/websocket-client.js'

type Frame = { type: string; metadata: Record<string, string>; response?: unknown; error?: { code: number } }

const joke = {
  result: { response: 'Why was the math book sad? Because it had too many problems.' },
  success: true,
  errors: [],
  messages: [],
}

const chunk = (content: string) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
})

describe('non-realtime WebSockets: Universal over a socket (F047–F055, F137)', () => {
  const mock = new MockUpstream()
  let app: TestApp
  const sockets: OpenSocket[] = []
  /** Streams wait on these gates, keyed by the first user message, so a test can interleave them. */
  const gates = new Map<string, ReturnType<typeof gate>>()

  const wsUrl = (gateway: string, tail = '/') => `${app.gatewayUrl(gateway).replace(/^http/, 'ws')}${tail}`
  const connect = async (...args: Parameters<typeof openSocket>) => {
    const socket = await openSocket(...args)
    sockets.push(socket)
    return socket
  }
  const frames = (socket: OpenSocket) => socket.json() as unknown as Frame[]

  async function upstream(request: RecordedRequest, response: ServerResponse): Promise<void> {
    if (request.url.includes('/ai/run/')) return json(response, 200, joke)
    const body = JSON.parse(request.body.toString()) as {
      stream?: boolean
      messages: Array<{ content: string }>
    }
    const name = body.messages[0]!.content
    if (!body.stream) return json(response, 200, { id: 'x', object: 'chat.completion', choices: [] })
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.write(`data: ${JSON.stringify(chunk(`${name}-1`))}\n\n`)
    await gates.get(name)?.wait
    response.write(`data: ${JSON.stringify(chunk(`${name}-2`))}\n\ndata: [DONE]\n\n`)
    response.end()
  }

  beforeAll(async () => {
    await mock.start()
    mock.handle(upstream)
    app = await startTestApp({
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_WORKERS_AI_ACCOUNT_ID: 'cfacct',
    })
    await app.createGateway('ws', { authentication: true, collect_logs: true })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    for (const socket of sockets.splice(0)) socket.ws.terminate()
    mock.reset()
    gates.clear()
  })

  const create = (eventId: string, request: Record<string, unknown>) =>
    JSON.stringify({ type: 'universal.create', request: { eventId, ...request } })
  const chat = (eventId: string, name: string, stream: boolean) =>
    create(eventId, {
      provider: 'openai',
      endpoint: 'chat/completions',
      headers: { Authorization: 'Bearer sk-openai', 'Content-Type': 'application/json' },
      query: { model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: name }] },
    })

  it('F050 the documented Workers AI example: one universal.created with the provider JSON', async () => {
    const socket = await connect(wsUrl('ws'), {
      headers: { 'cf-aig-authorization': `Bearer ${app.adminToken}` },
    })
    socket.ws.send(
      create('my-request', {
        provider: 'workers-ai',
        endpoint: '@cf/meta/llama-3.1-8b-instruct',
        headers: { Authorization: 'Bearer WORKERS_AI_TOKEN', 'Content-Type': 'application/json' },
        query: { prompt: 'tell me a joke' },
      }),
    )
    await vi.waitFor(() => expect(frames(socket)).toHaveLength(1))
    const [created] = frames(socket)
    expect(created).toEqual({
      type: 'universal.created',
      metadata: {
        cacheStatus: 'MISS',
        eventId: 'my-request',
        logId: expect.stringMatching(/^[0-9A-Z]{26}$/),
        step: '0',
        contentType: 'application/json',
      },
      response: joke,
    })
    const sent = mock.last()
    expect(sent.url).toBe('/client/v4/accounts/cfacct/ai/run/@cf/meta/llama-3.1-8b-instruct')
    expect(JSON.parse(sent.body.toString())).toEqual({ prompt: 'tell me a joke' })
    expect(sent.headers.authorization).toBe('Bearer WORKERS_AI_TOKEN')
    expect(sent.headers['cf-aig-authorization']).toBeUndefined()
  })

  it('F051/F052 two concurrent streams on one socket, each framed created → stream… → done', async () => {
    gates.set('slow', gate())
    const socket = await connect(wsUrl('ws', ''), { headers: { 'cf-aig-authorization': app.adminToken } })
    socket.ws.send(chat('slow-id', 'slow', true))
    socket.ws.send(chat('fast-id', 'fast', true))
    // `fast` finishes while `slow` is still held open upstream: the socket multiplexes.
    await vi.waitFor(() => expect(frames(socket).some((f) => f.type === 'universal.done')).toBe(true))
    expect(frames(socket).find((f) => f.type === 'universal.done')?.metadata.eventId).toBe('fast-id')
    gates.get('slow')!.open()
    await vi.waitFor(() => expect(frames(socket).filter((f) => f.type === 'universal.done')).toHaveLength(2))

    for (const [eventId, name] of [
      ['slow-id', 'slow'],
      ['fast-id', 'fast'],
    ] as const) {
      const own = frames(socket).filter((frame) => frame.metadata.eventId === eventId)
      const metadata = {
        cacheStatus: 'MISS',
        eventId,
        logId: expect.stringMatching(/^[0-9A-Z]{26}$/),
        step: '0',
        contentType: 'text/event-stream',
      }
      expect(own).toEqual([
        { type: 'universal.created', metadata },
        { type: 'universal.stream', metadata: { eventId }, response: chunk(`${name}-1`) },
        { type: 'universal.stream', metadata: { eventId }, response: chunk(`${name}-2`) },
        { type: 'universal.done', metadata },
      ])
      expect(own[3]!.metadata.logId).toBe(own[0]!.metadata.logId)
    }
  })

  it('F055 each frame is logged as its own websocket request', async () => {
    const socket = await connect(wsUrl('ws'), { headers: { 'cf-aig-authorization': app.adminToken } })
    socket.ws.send(chat('logged', 'plain', false))
    await vi.waitFor(() => expect(frames(socket)).toHaveLength(1))
    const logId = frames(socket)[0]!.metadata.logId!
    await vi.waitFor(async () => {
      await settled(app)
      expect(await app.stores.logs.get(app.accountId, 'ws', logId)).toBeDefined()
    })
    expect(await app.stores.logs.get(app.accountId, 'ws', logId)).toMatchObject({
      requestType: 'websocket',
      provider: 'openai',
      model: 'gpt-4o-mini',
      statusCode: 200,
      success: true,
    })
  })

  it('a step the Universal endpoint rejects comes back as a universal.created with the error body', async () => {
    const socket = await connect(wsUrl('ws'), { headers: { 'cf-aig-authorization': app.adminToken } })
    socket.ws.send(create('bad-step', { endpoint: 'chat/completions', query: {} }))
    await vi.waitFor(() => expect(frames(socket)).toHaveLength(1))
    const [reply] = frames(socket)
    expect(reply).toMatchObject({ type: 'universal.created', metadata: { eventId: 'bad-step' } })
    const body = reply!.response as { success: boolean; error: Array<{ code: number; message: string }> }
    expect(body.success).toBe(false)
    expect(body.error[0]).toMatchObject({ code: 2005, message: expect.stringMatching(/provider/) })
    expect(mock.requests).toHaveLength(0)
  })

  it('F048/F057 browsers authenticate with a subprotocol entry; the neutral entry is selected', async () => {
    const socket = await connect(wsUrl('ws'), {
      protocols: ['aigw', `cf-aig-authorization.${app.adminToken}`],
    })
    expect(socket.ws.protocol).toBe('aigw')
    socket.ws.send(chat('browser', 'plain', false))
    await vi.waitFor(() => expect(frames(socket)).toHaveLength(1))
    expect(frames(socket)[0]).toMatchObject({ type: 'universal.created', metadata: { eventId: 'browser' } })
  })

  it.each([
    ['no token', 'ws', {}, 401],
    ['a wrong token', 'ws', { headers: { 'cf-aig-authorization': 'Bearer nope' } }, 401],
    ['an unknown gateway', 'nope', { headers: { 'cf-aig-authorization': 'x' } }, 404],
  ])('F047 refuses %s at the handshake', async (_label, gateway, options, status) => {
    const refusal = await refusedSocket(wsUrl(gateway), options)
    expect(refusal.status).toBe(status)
    expect(refusal.headers['cf-aig-log-id']).toBeTruthy()
  })

  it('paths outside the data plane are not upgraded', async () => {
    const refusal = await refusedSocket(`${app.url.replace(/^http/, 'ws')}/client/v4/accounts`, {
      headers: { 'cf-aig-authorization': app.adminToken },
    })
    expect(refusal.status).toBe(404)
  })
})
