import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { MockWebSocketUpstream } from './support/mock-websocket-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'
import { openSocket, refusedSocket, type OpenSocket } from './support/websocket-client.js'

describe('realtime WebSockets through the gateway (F056–F065)', () => {
  const mock = new MockWebSocketUpstream()
  let app: TestApp
  let token: string
  const open: OpenSocket[] = []

  const wsUrl = (gateway: string, tail: string) => `${app.gatewayUrl(gateway).replace(/^http/, 'ws')}${tail}`
  const connect = async (...args: Parameters<typeof openSocket>) => {
    const socket = await openSocket(...args)
    open.push(socket)
    return socket
  }

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({
      AIGW_UPSTREAM_OPENAI: `${mock.url}/v1`,
      AIGW_UPSTREAM_ELEVENLABS: mock.url,
      AIGW_UPSTREAM_FAL: mock.url,
      AIGW_UPSTREAM_GOOGLE_AI_STUDIO: mock.url,
      AIGW_UPSTREAM_CARTESIA: mock.url,
      AIGW_UPSTREAM_WORKERS_AI: `${mock.url}/client/v4`,
      AIGW_WORKERS_AI_ACCOUNT_ID: 'cfacct',
    })
    token = app.adminToken
    await app.createGateway('rt', { authentication: true })
    await app.createGateway('open', { authentication: false })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })
  beforeEach(() => {
    for (const socket of open.splice(0)) socket.ws.terminate()
    mock.reset()
  })

  it('F060/F064 OpenAI: headers become upstream headers, cf-aig-authorization stays behind, query passes', async () => {
    const socket = await connect(wsUrl('rt', '/openai?model=gpt-4o-realtime-preview-2024-12-17'), {
      headers: {
        'cf-aig-authorization': token,
        Authorization: 'Bearer sk-openai',
        'OpenAI-Beta': 'realtime=v1',
      },
    })
    const handshake = mock.last()
    expect(handshake.url).toBe('/v1/realtime?model=gpt-4o-realtime-preview-2024-12-17')
    expect(handshake.headers.authorization).toBe('Bearer sk-openai')
    expect(handshake.headers['openai-beta']).toBe('realtime=v1')
    expect(handshake.headers['cf-aig-authorization']).toBeUndefined()
    expect(socket.headers['cf-aig-log-id']).toMatch(/^[0-9A-Z]{26}$/)
    // The provider's greeting, sent before the client said anything, is not lost while the gateway bridges.
    await vi.waitFor(() => expect(socket.json()[0]).toMatchObject({ type: 'session.created' }))
  })

  it('F056 text and binary frames are relayed both ways with their type intact', async () => {
    const socket = await connect(wsUrl('rt', '/openai?model=m'), {
      headers: { 'cf-aig-authorization': `Bearer ${token}` },
    })
    const text = JSON.stringify({
      type: 'response.create',
      response: { modalities: ['text'], instructions: 'joke' },
    })
    const audio = Buffer.from(Array.from({ length: 3000 }, (_, index) => index % 256))
    socket.ws.send(text)
    socket.ws.send(audio)
    await vi.waitFor(() => expect(socket.received).toHaveLength(3))
    expect(socket.received[1]).toEqual({ data: Buffer.from(text), binary: false })
    expect(socket.received[2]!.binary).toBe(true)
    expect(socket.received[2]!.data.equals(audio)).toBe(true)
  })

  it('F057 browser ElevenLabs: xi-api-key.<key> becomes the xi-api-key header and no credential is offered upstream', async () => {
    const socket = await connect(wsUrl('rt', '/elevenlabs?agent_id=agent-7'), {
      protocols: ['xi-api-key.sk_el', `cf-aig-authorization.${token}`],
    })
    const handshake = mock.last()
    expect(handshake.url).toBe('/v1/convai/conversation?agent_id=agent-7')
    expect(handshake.headers['xi-api-key']).toBe('sk_el')
    expect(handshake.protocols).toEqual([])
    // Only credentials were offered: the handshake must name one of them or every browser fails it.
    expect(socket.ws.protocol).toBe(`cf-aig-authorization.${token}`)
  })

  it('F057 a non-secret entry is selected when one is offered (aigw)', async () => {
    const socket = await connect(wsUrl('rt', '/fal/fal-ai/fast-lcm-diffusion'), {
      protocols: ['fal-api-key.fal_secret', `cf-aig-authorization.${token}`, 'aigw'],
    })
    expect(socket.ws.protocol).toBe('aigw')
    const handshake = mock.last()
    expect(handshake.url).toBe('/fal-ai/fast-lcm-diffusion')
    expect(handshake.headers.authorization).toBe('Key fal_secret')
    expect(handshake.protocols).toEqual([])
  })

  it('F057 OpenAI browser protocols pass through and the provider’s choice is echoed', async () => {
    mock.select = (offered) => (offered.includes('realtime') ? 'realtime' : false)
    const socket = await connect(wsUrl('rt', '/openai?model=m'), {
      protocols: ['realtime', 'openai-insecure-api-key.sk-browser', `cf-aig-authorization.${token}`],
    })
    expect(mock.last().protocols).toEqual(['realtime', 'openai-insecure-api-key.sk-browser'])
    expect(socket.ws.protocol).toBe('realtime')
  })

  it('F059/F061 Google: `google` reaches the Live API and api_key becomes key', async () => {
    await connect(wsUrl('rt', '/google?api_key=AIza-test'), { protocols: [`cf-aig-authorization.${token}`] })
    expect(mock.last().url).toBe(
      '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=AIza-test',
    )
  })

  it('F059 Cartesia and Workers AI Deepgram keep their query parameters', async () => {
    await connect(wsUrl('rt', '/cartesia?cartesia_version=2024-06-10&api_key=cart'), {
      protocols: [`cf-aig-authorization.${token}`],
    })
    expect(mock.last().url).toBe('/tts/websocket?cartesia_version=2024-06-10&api_key=cart')
    await connect(
      wsUrl(
        'rt',
        '/workers-ai?model=@cf/deepgram/nova-3&encoding=linear16&sample_rate=16000&interim_results=true',
      ),
      { headers: { 'cf-aig-authorization': token } },
    )
    expect(mock.last().url).toBe(
      '/client/v4/accounts/cfacct/ai/run/@cf/deepgram/nova-3?encoding=linear16&sample_rate=16000&interim_results=true',
    )
  })

  it.each([
    ['no credential', 'rt', {}, 401, 2009],
    ['a wrong token', 'rt', { headers: { 'cf-aig-authorization': 'Bearer nope' } }, 401, 2009],
    ['a wrong subprotocol token', 'rt', { protocols: ['cf-aig-authorization.nope'] }, 401, 2009],
    ['no credential on a gateway without authentication', 'open', {}, 401, 2009],
    ['an unknown gateway', 'missing', { headers: { 'cf-aig-authorization': 'x' } }, 404, 2001],
  ])('F047 refuses %s before the handshake completes', async (_label, gateway, options, status, code) => {
    const refusal = await refusedSocket(wsUrl(gateway, '/openai?model=m'), options)
    expect(refusal.status).toBe(status)
    expect((JSON.parse(refusal.body) as { error: Array<{ code: number }> }).error[0]?.code).toBe(code)
    expect(mock.handshakes).toHaveLength(0)
  })

  it('refuses providers without a realtime API with a 404 that names the realtime ones', async () => {
    const refusal = await refusedSocket(wsUrl('rt', '/anthropic'), {
      headers: { 'cf-aig-authorization': token },
    })
    expect(refusal.status).toBe(404)
    expect(refusal.body).toMatch(/openai, google, cartesia/)
  })

  it('a provider refusal reaches the client as that status and body', async () => {
    mock.refuse = { status: 401, body: { error: { message: 'Incorrect API key provided' } } }
    const refusal = await refusedSocket(wsUrl('rt', '/openai?model=m'), {
      headers: { 'cf-aig-authorization': token },
    })
    expect(refusal.status).toBe(401)
    expect(JSON.parse(refusal.body)).toEqual({ error: { message: 'Incorrect API key provided' } })
    expect(refusal.headers['cf-aig-log-id']).toBeTruthy()
  })

  it('close codes and reasons are relayed in both directions', async () => {
    const first = await connect(wsUrl('rt', '/openai?model=m'), {
      headers: { 'cf-aig-authorization': token },
    })
    first.ws.send(JSON.stringify({ command: 'close', code: 4001, reason: 'provider says bye' }))
    expect(await first.closed).toEqual({ code: 4001, reason: 'provider says bye' })

    const second = await connect(wsUrl('rt', '/openai?model=m'), {
      headers: { 'cf-aig-authorization': token },
    })
    second.ws.close(4002, 'client says bye')
    await second.closed
    await vi.waitFor(() => expect(mock.closes).toContainEqual({ code: 4002, reason: 'client says bye' }))
  })

  it('F055/F065 the session is logged once as realtime with its counts and in-band usage', async () => {
    const socket = await connect(wsUrl('rt', '/openai?model=gpt-4o-realtime-preview'), {
      headers: { 'cf-aig-authorization': token, 'cf-aig-metadata': '{"room":"r1"}' },
    })
    socket.ws.send(Buffer.alloc(100))
    socket.ws.send(JSON.stringify({ command: 'usage' }))
    await vi.waitFor(() => expect(socket.received).toHaveLength(3))
    socket.ws.close(1000)
    await socket.closed
    const logId = String(socket.headers['cf-aig-log-id'])
    await vi.waitFor(async () => {
      await settled(app)
      expect(await app.stores.logs.get(app.accountId, 'rt', logId)).toBeDefined()
    })
    const entry = (await app.stores.logs.get(app.accountId, 'rt', logId))!
    expect(entry).toMatchObject({
      requestType: 'realtime',
      provider: 'openai',
      model: 'gpt-4o-realtime-preview',
      statusCode: 101,
      success: true,
      tokensIn: 11,
      tokensOut: 7,
      cachedTokensIn: 2,
      metadata: { room: 'r1' },
      method: 'GET',
    })
    const greeting = socket.received[0]!.data.length
    const usage = socket.received[2]!.data.length
    expect(entry.responseSize).toBe(greeting + 100 + usage)
    expect(entry.durationMs).toBeGreaterThanOrEqual(entry.ttfbMs)
  })
})
