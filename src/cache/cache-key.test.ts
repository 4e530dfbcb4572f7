import { describe, expect, it } from 'vitest'
import { computeCacheKey, customCacheKey, type CacheKeyInput } from './cache-key.js'
import { canonicalJson } from './canonical-json.js'

const base: CacheKeyInput = {
  accountId: 'acct',
  gatewayId: 'gw',
  provider: 'openai',
  method: 'POST',
  url: 'https://api.openai.com/v1/chat/completions',
  headers: { 'content-type': 'application/json', 'x-stainless-os': 'Linux', 'user-agent': 'a' },
  body: Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'),
  credential: 'authorization=Bearer sk-one',
}
const key = (overrides: Partial<CacheKeyInput>) => computeCacheKey({ ...base, ...overrides })

describe('cache key (F157)', () => {
  it('is stable and ignores JSON key order and whitespace', () => {
    const reordered = Buffer.from(
      '{ "messages": [ {"content":"hi", "role":"user"} ], "model": "gpt-4o-mini" }',
    )
    expect(key({})).toBe(computeCacheKey(base))
    expect(key({ body: reordered })).toBe(key({}))
  })

  it('keeps array order: a different conversation is a different request', () => {
    const twoTurns = (a: string, b: string) =>
      Buffer.from(
        JSON.stringify({
          messages: [
            { role: 'user', content: a },
            { role: 'user', content: b },
          ],
        }),
      )
    expect(key({ body: twoTurns('a', 'b') })).not.toBe(key({ body: twoTurns('b', 'a') }))
  })

  it.each<[string, Partial<CacheKeyInput>]>([
    ['gateway', { gatewayId: 'other' }],
    ['account', { accountId: 'other' }],
    ['provider', { provider: 'groq' }],
    ['method', { method: 'GET' }],
    ['path', { url: 'https://api.openai.com/v1/embeddings' }],
    ['query (Azure api-version)', { url: 'https://x.openai.azure.com/chat?api-version=2024-10-21' }],
    ['credential', { credential: 'authorization=Bearer sk-two' }],
    ['body', { body: Buffer.from('{"model":"gpt-4o"}') }],
    ['anthropic-version', { headers: { ...base.headers, 'anthropic-version': '2023-06-01' } }],
    ['accept', { headers: { ...base.headers, accept: 'text/event-stream' } }],
  ])('changes with the %s', (_name, overrides) => {
    expect(key(overrides)).not.toBe(key({}))
  })

  it('ignores SDK telemetry headers that vary per client', () => {
    expect(key({ headers: { ...base.headers, 'x-stainless-os': 'MacOS', 'user-agent': 'b' } })).toBe(key({}))
  })

  it('hashes non-JSON bodies by their bytes', () => {
    const headers = { 'content-type': 'text/plain' }
    expect(key({ headers, body: Buffer.from('{"a":1}') })).not.toBe(
      key({ headers, body: Buffer.from('{ "a": 1 }') }),
    )
  })

  it('never contains the credential', () => {
    expect(key({ credential: 'authorization=Bearer sk-secret-value' })).not.toMatch(/secret/)
  })

  it('F113 a custom key is shared within its gateway only', () => {
    expect(customCacheKey('acct', 'gw', 'greeting')).toBe(customCacheKey('acct', 'gw', 'greeting'))
    expect(customCacheKey('acct', 'gw', 'greeting')).not.toBe(customCacheKey('acct', 'gw2', 'greeting'))
    expect(customCacheKey('acct', 'gw', 'greeting')).not.toBe(customCacheKey('acct2', 'gw', 'greeting'))
    expect(customCacheKey('acct', 'gw', 'a/b')).not.toBe(customCacheKey('acct', 'gw/a', 'b'))
  })
})

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members like JSON does', () => {
    expect(canonicalJson({ b: { d: 1, c: [3, { f: 1, e: 2 }] }, a: null, u: undefined })).toBe(
      '{"a":null,"b":{"c":[3,{"e":2,"f":1}],"d":1}}',
    )
  })
})

describe('parsed bodies', () => {
  it('a body parsed earlier gives the same key as parsing it here', () => {
    const body = Buffer.from('{"b":1,"a":[1,2]}')
    expect(computeCacheKey({ ...base, body, parsedBody: JSON.parse(body.toString()) })).toBe(
      computeCacheKey({ ...base, body }),
    )
  })
})
