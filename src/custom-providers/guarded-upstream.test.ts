import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import type { UpstreamClient, UpstreamRequest } from '../upstream/client.js'
import { createUpstreamClient } from '../upstream/client.js'
import { AddressPolicy } from './address-policy.js'
import { GuardedUpstream, type Resolver } from './guarded-upstream.js'

let server: Server
let port = 0
const strict = new AddressPolicy({ allowPrivateNetworks: false, allowedNetworks: [] })

beforeAll(async () => {
  server = createServer((request, response) => response.end(`hello from ${request.url}`))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function request(url: string): UpstreamRequest {
  return {
    url,
    method: 'GET',
    headers: {},
    body: null,
    signal: new AbortController().signal,
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
  }
}

async function text(client: UpstreamClient, url: string): Promise<string> {
  const response = await client.send(request(url))
  let out = ''
  for await (const chunk of response.body) out += String(chunk)
  return out
}

/** A DNS that answers what the test says, as an attacker-controlled name server would (DNS rebinding). */
const resolverTo =
  (address: string): Resolver =>
  (_hostname, _options, callback) =>
    callback(null, [{ address, family: 4 }])

describe('GuardedUpstream: connections of custom providers are checked (DNS rebinding)', () => {
  it('refuses a guarded origin whose name now resolves to a private address, before connecting', async () => {
    const client = new GuardedUpstream({
      base: createUpstreamClient(),
      policy: strict,
      resolver: resolverTo('127.0.0.1'),
    })
    client.guard(`http://rebind.example:${port}`)
    const failure = await client
      .send(request(`http://rebind.example:${port}/v1`))
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(GatewayError)
    expect((failure as GatewayError).kind).toBe('private_address')
    expect((failure as GatewayError).message).toMatch(/rebind\.example.*127\.0\.0\.1 is a loopback address/)
    await client.close()
  })

  it('refuses a guarded IP-literal origin by the address actually connected to', async () => {
    const client = new GuardedUpstream({ base: createUpstreamClient(), policy: strict })
    client.guard(`http://127.0.0.1:${port}`)
    const failure = await client.send(request(`http://127.0.0.1:${port}/v1`)).catch((error: unknown) => error)
    expect((failure as GatewayError).kind).toBe('private_address')
    await client.close()
  })

  it('connects when the operator allows the range', async () => {
    const policy = new AddressPolicy({ allowPrivateNetworks: false, allowedNetworks: ['127.0.0.0/8'] })
    const client = new GuardedUpstream({
      base: createUpstreamClient(),
      policy,
      resolver: resolverTo('127.0.0.1'),
    })
    client.guard(`http://llm.internal:${port}`)
    expect(await text(client, `http://llm.internal:${port}/v1/chat`)).toBe('hello from /v1/chat')
    await client.close()
  })

  it('leaves origins it does not guard to the shared pool', async () => {
    const client = new GuardedUpstream({ base: createUpstreamClient(), policy: strict })
    expect(await text(client, `http://127.0.0.1:${port}/plain`)).toBe('hello from /plain')
    await client.close()
  })
})
