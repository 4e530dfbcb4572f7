import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import type { Gateway } from '../gateway.js'
import type { BodyObserver, InboundRequest, Reply } from '../pipeline/exchange.js'
import { startUniversalSession, type UniversalSession } from './universal-session.js'

interface Frame {
  type: string
  metadata: Record<string, string>
  response?: unknown
  error?: { code: number; message: string }
}

/** A stand-in data plane: answers per step `provider`, recording what it was asked and what the observer saw. */
class FakeGateway implements Gateway {
  readonly requests: Array<{ request: InboundRequest; body: unknown }> = []
  readonly observed: Array<{ bytes: number; outcome: string }> = []
  readonly streams = new Map<string, Readable>()

  async handle(request: InboundRequest): Promise<Reply> {
    const step = JSON.parse((await request.readBody(1024 * 1024)).toString()) as Record<string, unknown>
    this.requests.push({ request, body: step })
    const logId = `LOG-${String((step.query as { id?: string } | undefined)?.id ?? this.requests.length)}`
    const headers = { 'cf-aig-log-id': logId, 'cf-aig-step': '0' }
    if (step.provider === 'sse') {
      const stream = new Readable({ read() {} })
      this.streams.set(String((step.query as { id: string }).id), stream)
      return this.reply({
        status: 200,
        headers: { ...headers, 'content-type': 'text/event-stream' },
        body: stream,
      })
    }
    return this.reply({
      status: 200,
      headers: { ...headers, 'content-type': 'application/json', 'cf-aig-cache-status': 'MISS' },
      body: Buffer.from(JSON.stringify({ result: { response: 'joke' }, success: true })),
    })
  }

  private reply(reply: Reply): Reply {
    const record = { bytes: 0, outcome: '' }
    this.observed.push(record)
    const observer: BodyObserver = {
      chunk: (chunk) => void (record.bytes += chunk.length),
      end: (outcome) => void (record.outcome = outcome),
    }
    return { ...reply, observer }
  }
}

describe('non-realtime WebSocket session (F049–F053)', () => {
  const gateway = new FakeGateway()
  const sessions: UniversalSession[] = []
  let server: WebSocketServer
  let url = ''
  const clients: WebSocket[] = []

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.on('connection', (socket) => {
      sessions.push(
        startUniversalSession({
          socket,
          gateway,
          address: { accountId: 'acct', gatewayId: 'gw', tail: '/' },
          path: '/v1/acct/gw/',
          token: 'tok',
          upgradeHeaders: {
            'cf-aig-metadata': '{"user":"u1"}',
            'cf-aig-authorization': 'Bearer client-supplied',
            'user-agent': 'test-agent',
            'sec-websocket-key': 'x',
          },
        }),
      )
    })
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.terminate()
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  async function connect(): Promise<{ client: WebSocket; frames: Frame[] }> {
    const client = new WebSocket(url)
    clients.push(client)
    const frames: Frame[] = []
    client.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame))
    await new Promise((resolve) => client.once('open', resolve))
    return { client, frames }
  }

  const create = (eventId: string, provider: string, query: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'universal.create',
      request: { eventId, provider, endpoint: 'x', headers: { Authorization: 'Bearer p' }, query },
    })

  it('F050 a non-streaming reply is one universal.created with the provider JSON and full metadata', async () => {
    const { client, frames } = await connect()
    client.send(create('my-request', 'workers-ai', { id: 'j1', prompt: 'tell me a joke' }))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    expect(frames[0]).toEqual({
      type: 'universal.created',
      metadata: {
        cacheStatus: 'MISS',
        eventId: 'my-request',
        logId: 'LOG-j1',
        step: '0',
        contentType: 'application/json',
      },
      response: { result: { response: 'joke' }, success: true },
    })
    expect(gateway.observed.at(-1)).toEqual({ bytes: 45, outcome: 'complete' })
  })

  it('F049 each frame runs as a one-step Universal POST with the handshake token and controls', async () => {
    const { client, frames } = await connect()
    client.send(create('e-shape', 'openai', { id: 'shape', messages: [] }))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    const { request, body } = gateway.requests.at(-1)!
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/v1/acct/gw/')
    expect(body).toEqual({
      provider: 'openai',
      endpoint: 'x',
      headers: { Authorization: 'Bearer p' },
      query: { id: 'shape', messages: [] },
    })
    expect(request.headers).toMatchObject({
      'cf-aig-authorization': 'Bearer tok',
      'cf-aig-metadata': '{"user":"u1"}',
      'user-agent': 'test-agent',
      'content-type': 'application/json',
    })
    expect(request.headers['sec-websocket-key']).toBeUndefined()
  })

  it('F051/F052 two concurrent streams share the socket, each tagged with its own eventId', async () => {
    const { client, frames } = await connect()
    client.send(create('a', 'sse', { id: 'A' }))
    client.send(create('b', 'sse', { id: 'B' }))
    await vi.waitFor(() => expect(frames.filter((f) => f.type === 'universal.created')).toHaveLength(2))
    const a = gateway.streams.get('A')!
    const b = gateway.streams.get('B')!
    a.push('data: {"response":"why"}\n\n')
    await vi.waitFor(() => expect(frames).toHaveLength(3))
    b.push('data: {"response":"knock"}\n\ndata: {"resp')
    await vi.waitFor(() => expect(frames).toHaveLength(4))
    b.push('onse":"knock"}\n\n')
    a.push('data: [DONE]\n\n')
    a.push(null)
    await vi.waitFor(() => expect(frames).toHaveLength(6))
    b.push(null)
    await vi.waitFor(() => expect(frames).toHaveLength(7))

    const created = (eventId: string, logId: string) => ({
      type: 'universal.created',
      metadata: { cacheStatus: 'MISS', eventId, logId, step: '0', contentType: 'text/event-stream' },
    })
    const chunk = (eventId: string, response: string) => ({
      type: 'universal.stream',
      metadata: { eventId },
      response: { response },
    })
    const done = (eventId: string, logId: string) => ({ ...created(eventId, logId), type: 'universal.done' })
    expect(frames.slice(0, 2)).toEqual(expect.arrayContaining([created('a', 'LOG-A'), created('b', 'LOG-B')]))
    expect(frames.slice(2)).toEqual([
      chunk('a', 'why'),
      chunk('b', 'knock'),
      chunk('b', 'knock'),
      done('a', 'LOG-A'),
      done('b', 'LOG-B'),
    ])
    expect(gateway.observed.slice(-2).map((o) => o.outcome)).toEqual(['complete', 'complete'])
  })

  it('refuses frames it cannot correlate, and a second request with an eventId still in flight', async () => {
    const { client, frames } = await connect()
    client.send('{oops')
    client.send(create('dup', 'sse', { id: 'DUP' }))
    client.send(create('dup', 'sse', { id: 'DUP2' }))
    await vi.waitFor(() => expect(frames).toHaveLength(3))
    expect(frames[0]).toMatchObject({ type: 'universal.error', metadata: {}, error: { code: 2006 } })
    const refusal = frames.find(
      (frame) => frame.type === 'universal.error' && frame.metadata.eventId === 'dup',
    )
    expect(refusal?.error?.message).toMatch(/already in flight/)
    gateway.streams.get('DUP')!.push(null)
    await vi.waitFor(() => expect(frames.at(-1)?.type).toBe('universal.done'))
  })

  it('a client that leaves mid-stream cancels the upstream read and is logged as client-closed', async () => {
    const { client, frames } = await connect()
    client.send(create('gone', 'sse', { id: 'GONE' }))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    const stream = gateway.streams.get('GONE')!
    stream.push('data: {"n":1}\n\n')
    await vi.waitFor(() => expect(frames).toHaveLength(2))
    const observed = gateway.observed.at(-1)!
    client.close()
    await vi.waitFor(() => expect(stream.destroyed).toBe(true))
    expect(observed.outcome).toBe('client-closed')
  })

  it('drain refuses new frames and resolves once in-flight requests finished', async () => {
    const { client, frames } = await connect()
    client.send(create('slow', 'sse', { id: 'SLOW' }))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    let drained = false
    const drain = sessions
      .at(-1)!
      .drain()
      .then(() => (drained = true))
    client.send(create('late', 'workers-ai', { id: 'late' }))
    await vi.waitFor(() => expect(frames).toHaveLength(2))
    expect(frames[1]).toMatchObject({
      type: 'universal.error',
      metadata: { eventId: 'late' },
      error: { code: 2019 },
    })
    expect(drained).toBe(false)
    gateway.streams.get('SLOW')!.push(null)
    await drain
    await vi.waitFor(() => expect(frames.at(-1)?.type).toBe('universal.done'))
  })

  it('backpressure: a client that stops reading pauses the upstream body until it catches up', async () => {
    const { client, frames } = await connect()
    client.send(create('bulk', 'sse', { id: 'BULK' }))
    await vi.waitFor(() => expect(frames).toHaveLength(1))
    const stream = gateway.streams.get('BULK')!
    const rawSocket = (client as unknown as { _socket: { pause(): void; resume(): void } })._socket
    rawSocket.pause()
    const event = `data: ${JSON.stringify({ pad: 'x'.repeat(64 * 1024) })}\n\n`
    let pushed = 0
    await vi.waitFor(
      () => {
        stream.push(event)
        pushed += 1
        expect(stream.isPaused()).toBe(true)
      },
      { timeout: 20_000, interval: 1 },
    )
    rawSocket.resume()
    stream.push(null)
    await vi.waitFor(() => expect(frames.at(-1)?.type).toBe('universal.done'), { timeout: 20_000 })
    expect(frames.filter((frame) => frame.type === 'universal.stream')).toHaveLength(pushed)
  })
})
