import { describe, expect, it, vi } from 'vitest'
import type { StoredKey } from '../byok/stored-keys.js'
import { defaultGatewaySettings } from '../core/gateway-settings.js'
import {
  applyStoredRealtimeKey,
  clientSentRealtimeKey,
  storedRealtimeKey,
  type RealtimeKeyRequest,
} from './realtime-credentials.js'
import { realtimeProvider } from './realtime-targets.js'
import { parseOffered } from './subprotocols.js'

function request(slug: string, overrides: Partial<RealtimeKeyRequest> = {}): RealtimeKeyRequest {
  return {
    accountId: 'acct',
    gatewayId: 'gw',
    gateway: defaultGatewaySettings('2025-01-01T00:00:00Z'),
    ...realtimeProvider(slug),
    headers: {},
    offered: [],
    search: '',
    alias: undefined,
    ...overrides,
  }
}

const stored = (providerSlug: string, value: StoredKey['value']): StoredKey => ({
  configId: 'cfg1',
  providerSlug,
  alias: 'default',
  value,
  region: null,
})

describe('F058 realtime provider keys: the client’s own or the stored one', () => {
  it.each([
    ['openai', { headers: { authorization: 'Bearer sk' } }, true],
    ['openai', { offered: parseOffered('realtime, openai-insecure-api-key.sk') }, true],
    ['google', { search: '?api_key=AIza' }, true],
    ['google', { search: '?key=' }, false],
    ['cartesia', { search: '?cartesia_version=2024-06-10&api_key=c' }, true],
    ['elevenlabs', { offered: parseOffered('xi-api-key.k') }, true],
    ['fal', { offered: parseOffered('fal-api-key.k') }, true],
    ['workers-ai', { search: '?model=@cf/deepgram/nova-3' }, false],
    ['openai', { offered: parseOffered('cf-aig-authorization.t, realtime') }, false],
  ])('%s with %j: client key = %s', (slug, overrides, expected) => {
    expect(clientSentRealtimeKey(request(slug, overrides))).toBe(expected)
  })

  it('uses the stored key when the client sent none, after checking credit', async () => {
    const key = stored('elevenlabs', { kind: 'key', key: 'sk_stored' })
    const find = vi.fn(async () => key)
    const assertCanSpend = vi.fn(async () => undefined)
    const found = await storedRealtimeKey(
      { storedKeys: { find }, credits: { assertCanSpend } },
      request('elevenlabs', { alias: 'prod' }),
    )
    expect(found).toBe(key)
    expect(find).toHaveBeenCalledWith('acct', 'gw', 'elevenlabs', 'prod')
    expect(assertCanSpend).toHaveBeenCalledWith('acct')
  })

  it('leaves a client key alone, but refuses it on a byok_only gateway', async () => {
    const find = vi.fn(async () => undefined)
    const withKey = request('openai', { headers: { authorization: 'Bearer sk' } })
    expect(await storedRealtimeKey({ storedKeys: { find } }, withKey)).toBeUndefined()
    expect(find).not.toHaveBeenCalled()
    const strict = { ...withKey, gateway: { ...withKey.gateway, byok_only: true } }
    await expect(storedRealtimeKey({ storedKeys: { find } }, strict)).rejects.toMatchObject({
      kind: 'provider_key_not_allowed',
    })
  })

  it('an alias that names no stored key is an error, not a silent keyless session', async () => {
    await expect(
      storedRealtimeKey(
        { storedKeys: { find: async () => undefined } },
        request('openai', { alias: 'nope' }),
      ),
    ).rejects.toMatchObject({ kind: 'missing_provider_key', message: expect.stringMatching(/alias 'nope'/) })
    expect(await storedRealtimeKey({}, request('openai'))).toBeUndefined()
  })

  it('writes the stored key in the provider’s own scheme, replacing any key header', () => {
    const eleven = realtimeProvider('elevenlabs').provider
    const headers: Record<string, string | string[]> = { 'xi-api-key': 'stale', 'user-agent': 'ua' }
    applyStoredRealtimeKey(headers, eleven, stored('elevenlabs', { kind: 'key', key: 'sk_new' }))
    expect(headers).toEqual({ 'xi-api-key': 'sk_new', 'user-agent': 'ua' })

    const workers = realtimeProvider('workers-ai').provider
    const bearer: Record<string, string | string[]> = {}
    applyStoredRealtimeKey(
      bearer,
      workers,
      stored('workers-ai', { kind: 'workers-ai', apiToken: 'cf-tok', accountId: 'a1' }),
    )
    expect(bearer).toEqual({ authorization: 'Bearer cf-tok' })
  })
})
