import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { bridgeSockets, type Bridge } from './realtime-bridge.js'

/** provider ⇄ [gateway: bridge] ⇄ client, all real sockets on 127.0.0.1. */
async function setup() {
  const provider = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  const gateway = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await Promise.all(
    [provider, gateway].map((server) => new Promise((resolve) => server.once('listening', resolve))),
  )
  const port = (server: WebSocketServer) => (server.address() as AddressInfo).port
  const providerSide = new Promise<WebSocket>((resolve) => provider.once('connection', resolve))
  const bridged = new Promise<{ bridge: Bridge; upstream: WebSocket }>((resolve) =>
    gateway.once('connection', (downstream) => {
      const upstream = new WebSocket(`ws://127.0.0.1:${port(provider)}`)
      upstream.once('open', () => resolve({ bridge: bridgeSockets(downstream, upstream), upstream }))
    }),
  )
  const client = new WebSocket(`ws://127.0.0.1:${port(gateway)}`)
  const [{ bridge, upstream }, providerSocket] = await Promise.all([bridged, providerSide])
  await new Promise((resolve) =>
    client.readyState === client.OPEN ? resolve(null) : client.once('open', resolve),
  )
  return {
    client,
    providerSocket,
    bridge,
    upstream,
    async close() {
      client.terminate()
      await Promise.all([provider, gateway].map((server) => new Promise((resolve) => server.close(resolve))))
    },
  }
}

describe('realtime bridge', () => {
  let teardown: (() => Promise<void>) | undefined
  afterEach(async () => {
    await teardown?.()
    teardown = undefined
  })

  it('F056 counts frames and payload bytes in each direction', async () => {
    const pair = await setup()
    teardown = pair.close
    const received: Array<{ text: string; binary: boolean }> = []
    pair.providerSocket.on('message', (data: Buffer, binary) =>
      received.push({ text: data.toString('hex'), binary }),
    )
    pair.client.send('hello')
    pair.client.send(Buffer.from([1, 2, 3]))
    pair.providerSocket.send(Buffer.alloc(10))
    await vi.waitFor(() => expect(received).toHaveLength(2))
    expect(received).toEqual([
      { text: Buffer.from('hello').toString('hex'), binary: false },
      { text: '010203', binary: true },
    ])
    await vi.waitFor(() => expect(pair.bridge.stats.framesFromUpstream).toBe(1))
    expect(pair.bridge.stats).toEqual({
      framesFromClient: 2,
      bytesFromClient: 8,
      framesFromUpstream: 1,
      bytesFromUpstream: 10,
    })
  })

  it('backpressure: a client that stops reading stops the gateway reading from the provider', async () => {
    const pair = await setup()
    teardown = pair.close
    const raw = (pair.client as unknown as { _socket: { pause(): void; resume(): void } })._socket
    raw.pause()
    let sent = 0
    let got = 0
    pair.client.on('message', () => (got += 1))
    const frame = Buffer.alloc(64 * 1024, 7)
    await vi.waitFor(
      () => {
        for (let index = 0; index < 8; index++, sent++) pair.providerSocket.send(frame)
        expect(pair.upstream.isPaused).toBe(true)
      },
      { timeout: 20_000, interval: 5 },
    )
    raw.resume()
    await vi.waitFor(() => expect(got).toBe(sent), { timeout: 20_000 })
    await vi.waitFor(() => expect(pair.upstream.isPaused).toBe(false))
  })

  it('relays close codes, and a provider that vanishes closes the client with 1014', async () => {
    const pair = await setup()
    teardown = pair.close
    const clientClosed = new Promise<[number, string]>((resolve) =>
      pair.client.once('close', (code, reason) => resolve([code, reason.toString()])),
    )
    pair.providerSocket.terminate()
    expect(await clientClosed).toEqual([1014, 'peer connection lost'])
    const end = await pair.bridge.done
    expect(end).toMatchObject({ closedBy: 'upstream', code: 1006 })
  })

  it('a client that vanishes closes the provider with 1001; a client close code travels as is', async () => {
    const first = await setup()
    const providerClosed = new Promise<number>((resolve) => first.providerSocket.once('close', resolve))
    first.client.terminate()
    expect(await providerClosed).toBe(1001)
    await first.close()

    const second = await setup()
    teardown = second.close
    const reason = new Promise<[number, string]>((resolve) =>
      second.providerSocket.once('close', (code, text) => resolve([code, text.toString()])),
    )
    second.client.close(4321, 'done here')
    expect(await reason).toEqual([4321, 'done here'])
    expect(await second.bridge.done).toMatchObject({ closedBy: 'client', code: 4321, reason: 'done here' })
  })
})
