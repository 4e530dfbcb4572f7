import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashToken, TokenVerifier } from '../auth/api-tokens.js'
import { createMemoryStores } from '../store/memory/create-memory-stores.js'
import { createAdminApi } from './index.js'
import type { AdminRequest } from './types.js'

const accountId = 'acct1'
const secret = 'aigw_unit_secret'

async function setup() {
  const stores = createMemoryStores()
  await stores.accounts.create({ id: accountId, createdAt: '2025-01-01T00:00:00.000Z' })
  await stores.tokens.create({
    id: 't1',
    accountId,
    name: 'unit',
    hash: hashToken(secret),
    preview: 'aigw_unit…cret',
    permissions: ['read', 'edit'],
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsedAt: null,
    expiresAt: null,
  })
  const clock = { now: () => Date.parse('2025-01-01T00:00:00Z') }
  const changed: string[] = []
  const handler = createAdminApi({
    stores,
    tokens: new TokenVerifier(stores.tokens, clock.now),
    clock,
    onGatewayChanged: (_account, gatewayId) => changed.push(gatewayId),
  })
  return { stores, handler, changed }
}

function request(method: string, path: string, body?: unknown): AdminRequest {
  return {
    method,
    path,
    query: new URLSearchParams(),
    headers: { authorization: `Bearer ${secret}`, host: 'gw.local:8787' },
    body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createAdminApi', () => {
  it('routes percent-encoded segments and tolerates a trailing slash', async () => {
    const { handler } = await setup()
    const created = await handler(
      request('POST', `/accounts/${accountId}/ai-gateway/gateways/`, { id: 'enc-gw' }),
    )
    expect(created.status).toBe(200)
    const fetched = await handler(request('GET', `/accounts/${accountId}/ai-gateway/gateways/enc%2Dgw`))
    expect(fetched).toMatchObject({ status: 200, body: { success: true, result: { id: 'enc-gw' } } })
  })

  it('answers an unexpected store failure with a 500 envelope that does not leak the cause', async () => {
    const { stores, handler } = await setup()
    vi.spyOn(stores.gateways, 'list').mockRejectedValue(new Error('disk on fire at /var/lib/secret.db'))
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const response = await handler(request('GET', `/accounts/${accountId}/ai-gateway/gateways`))
    expect(response).toEqual({
      status: 500,
      body: {
        success: false,
        errors: [{ code: 2099, message: 'Internal gateway error' }],
        messages: [],
        result: null,
      },
    })
  })

  it('does not call onGatewayChanged when a write is refused', async () => {
    const { handler, changed } = await setup()
    await handler(request('POST', `/accounts/${accountId}/ai-gateway/gateways`, { id: 'ok-gw' }))
    await handler(request('POST', `/accounts/${accountId}/ai-gateway/gateways`, { id: 'ok-gw' }))
    await handler(request('PUT', `/accounts/${accountId}/ai-gateway/gateways/ok-gw`, { cache_ttl: -1 }))
    expect(changed).toEqual(['ok-gw'])
  })

  it('refuses a non-object JSON body', async () => {
    const { handler } = await setup()
    const response = await handler(request('POST', `/accounts/${accountId}/ai-gateway/gateways`, ['gw']))
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({
      errors: [{ code: 2006, message: expect.stringMatching(/got an array/) }],
    })
  })

  it('returns binary log bodies as bytes with their recorded content type', async () => {
    const { stores, handler } = await setup()
    await handler(request('POST', `/accounts/${accountId}/ai-gateway/gateways`, { id: 'audio' }))
    const audio = new Uint8Array([0xff, 0xfb, 0x90, 0x00, 0xc3])
    await stores.logs.append([binaryLog(audio)])
    const response = await handler(
      request('GET', `/accounts/${accountId}/ai-gateway/gateways/audio/logs/01JBIN/response`),
    )
    expect(response.status).toBe(200)
    expect(response.headers).toEqual({ 'content-type': 'audio/mpeg' })
    expect(Buffer.compare(response.body as Buffer, Buffer.from(audio))).toBe(0)
  })
})

function binaryLog(responseBody: Uint8Array) {
  return {
    id: '01JBIN',
    eventId: 'e',
    accountId,
    gatewayId: 'audio',
    createdAt: 0,
    provider: 'openai',
    model: 'tts-1',
    modelType: 'audio',
    path: 'audio/speech',
    method: 'POST',
    requestType: 'provider' as const,
    statusCode: 200,
    success: true,
    cached: false,
    step: 0,
    durationMs: 1,
    ttfbMs: 1,
    tokensIn: 0,
    tokensOut: 0,
    cachedTokensIn: 0,
    cost: 0,
    customCost: false,
    metadata: {},
    requestContentType: 'application/json',
    responseContentType: 'audio/mpeg',
    requestHead: '',
    responseHead: '',
    requestSize: 0,
    responseSize: responseBody.length,
    requestBody: null,
    responseBody,
    requestBodyTruncated: false,
    responseBodyTruncated: false,
    feedback: null,
    score: null,
    errorMessage: null,
    authenticated: false,
    dlpAction: null,
    extra: {},
  }
}
