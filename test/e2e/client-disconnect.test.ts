import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockUpstream } from './support/mock-upstream.js'
import { settled, startTestApp, type TestApp } from './support/test-app.js'

describe('a client that disconnects cancels the upstream request', () => {
  const mock = new MockUpstream()
  let app: TestApp

  beforeAll(async () => {
    await mock.start()
    app = await startTestApp({ AIGW_UPSTREAM_OPENAI: `${mock.url}/v1` })
    await app.createGateway('cancel', { authentication: false })
  })
  afterAll(async () => {
    await app.stop()
    await mock.stop()
  })

  it('closes the upstream stream when the client goes away mid-stream, and logs the request as cut short', async () => {
    let upstreamClosed!: () => void
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve
    })
    let keptWriting = 0
    mock.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: {"choices":[{"index":0,"delta":{"content":"first"}}]}\n\n')
      // The upstream would stream forever; only the gateway closing the connection stops it.
      const timer = setInterval(() => {
        keptWriting++
        response.write('data: {"choices":[{"index":0,"delta":{"content":"more"}}]}\n\n')
      }, 20)
      response.once('close', () => {
        clearInterval(timer)
        upstreamClosed()
      })
    })
    const controller = new AbortController()
    const response = await fetch(`${app.gatewayUrl('cancel')}/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk' },
      body: '{"model":"gpt-4o-mini","stream":true,"messages":[]}',
      signal: controller.signal,
    })
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('first')
    controller.abort()
    await closed
    const writesAtClose = keptWriting
    await settled(app)
    const log = await app.cloudflare.aiGateway.logs.get(response.headers.get('cf-aig-log-id')!, {
      account_id: app.accountId,
      gateway_id: 'cancel',
    })
    expect(log.success).toBe(false)
    // Nothing more was produced after the upstream connection closed.
    expect(keptWriting).toBe(writesAtClose)
  })
})
