import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { gate, MockUpstream } from './support/mock-upstream.js'
import { MockWebSocketUpstream } from './support/mock-websocket-upstream.js'
import { startTestApp, type TestApp } from './support/test-app.js'
import { openSocket } from './support/websocket-client.js'

describe('graceful shutdown with open WebSockets', () => {
  const http = new MockUpstream()
  const held = gate()
  let app: TestApp

  beforeAll(async () => {
    await http.start()
    http.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: {"n":1}\n\n')
      await held.wait
      response.end('data: {"n":2}\n\n')
    })
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${http.url}/v1` })
    await app.createGateway('drain', { authentication: true })
  })
  afterAll(async () => {
    await http.stop()
  })

  it('in-flight frames finish, new ones are refused, then every socket gets 1001', async () => {
    const base = app.gatewayUrl('drain').replace(/^http/, 'ws')
    const headers = { 'cf-aig-authorization': app.adminToken }
    const universal = await openSocket(`${base}/`, { headers })
    universal.ws.send(
      JSON.stringify({
        type: 'universal.create',
        request: {
          eventId: 'in-flight',
          provider: 'openai',
          endpoint: 'chat/completions',
          headers: { authorization: 'Bearer sk' },
          query: { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] },
        },
      }),
    )
    await vi.waitFor(() =>
      expect(universal.json().some((frame) => frame.type === 'universal.stream')).toBe(true),
    )

    const stopped = app.stop()
    universal.ws.send(JSON.stringify({ type: 'universal.create', request: { eventId: 'late' } }))
    await vi.waitFor(() =>
      expect(universal.json().find((frame) => frame.type === 'universal.error')).toMatchObject({
        metadata: { eventId: 'late' },
        error: { code: 2019 },
      }),
    )
    held.open()
    expect(await universal.closed).toEqual({ code: 1001, reason: 'server shutting down' })
    const types = universal.json().map((frame) => frame.type)
    expect(types.indexOf('universal.done')).toBeGreaterThan(types.indexOf('universal.error'))
    await stopped
  })
})

describe('graceful shutdown of a realtime session', () => {
  const realtime = new MockWebSocketUpstream()
  let app: TestApp

  beforeAll(async () => {
    await realtime.start()
    app = await startTestApp({ AIGW_UPSTREAM_DEEPGRAM: realtime.url })
    await app.createGateway('drain', { authentication: true })
  })
  afterAll(async () => {
    await realtime.stop()
  })

  it('both the client and the provider get a 1001 close frame', async () => {
    const url = `${app.gatewayUrl('drain').replace(/^http/, 'ws')}/deepgram/v1/listen?model=nova-3`
    const socket = await openSocket(url, { headers: { 'cf-aig-authorization': app.adminToken } })
    expect(realtime.last().url).toBe('/v1/listen?model=nova-3')
    await app.stop()
    expect(await socket.closed).toEqual({ code: 1001, reason: 'server shutting down' })
    await vi.waitFor(() => expect(realtime.closes).toEqual([{ code: 1001, reason: 'server shutting down' }]))
  })
})
