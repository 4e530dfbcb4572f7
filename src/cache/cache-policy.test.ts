import { describe, expect, it } from 'vitest'
import { cachePolicy, type CachePolicyInput } from './cache-policy.js'

const input = (overrides: Partial<CachePolicyInput>): CachePolicyInput => ({
  method: 'POST',
  stream: false,
  requestTtl: undefined,
  gatewayTtl: 0,
  customKey: false,
  signed: false,
  ...overrides,
})

describe('cache policy', () => {
  it('F154 uses the gateway TTL; null or 0 means off', () => {
    expect(cachePolicy(input({ gatewayTtl: 600 }))).toEqual({ ttlSeconds: 600, streamable: false })
    expect(cachePolicy(input({ gatewayTtl: null }))).toBeUndefined()
    expect(cachePolicy(input({ gatewayTtl: 0 }))).toBeUndefined()
  })

  it('F341 clamps a gateway TTL below the 60 s minimum', () => {
    expect(cachePolicy(input({ gatewayTtl: 5 }))?.ttlSeconds).toBe(60)
  })

  it('F111 the request TTL wins over the gateway, and 0 switches caching off', () => {
    expect(cachePolicy(input({ gatewayTtl: 600, requestTtl: 120 }))?.ttlSeconds).toBe(120)
    expect(cachePolicy(input({ gatewayTtl: 0, requestTtl: 120 }))?.ttlSeconds).toBe(120)
    expect(cachePolicy(input({ gatewayTtl: 600, requestTtl: 0 }))).toBeUndefined()
  })

  it('F158 a custom key: request TTL, else gateway TTL, else five minutes', () => {
    expect(cachePolicy(input({ customKey: true }))?.ttlSeconds).toBe(300)
    expect(cachePolicy(input({ customKey: true, gatewayTtl: 900 }))?.ttlSeconds).toBe(900)
    expect(cachePolicy(input({ customKey: true, requestTtl: 60 }))?.ttlSeconds).toBe(60)
    expect(cachePolicy(input({ customKey: true, requestTtl: 0 }))).toBeUndefined()
  })

  it('F161 streams are cached only with a TTL the request gave itself', () => {
    expect(cachePolicy(input({ stream: true, gatewayTtl: 600 }))).toBeUndefined()
    expect(cachePolicy(input({ stream: true, customKey: true }))).toBeUndefined()
    expect(cachePolicy(input({ stream: true, requestTtl: 300 }))).toEqual({
      ttlSeconds: 300,
      streamable: true,
    })
  })

  it('F161 only GET and POST are cacheable', () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD']) {
      expect(cachePolicy(input({ method, gatewayTtl: 600 }))).toBeUndefined()
    }
    expect(cachePolicy(input({ method: 'get', gatewayTtl: 600 }))).toBeDefined()
  })

  it('client-signed requests (Bedrock) are cached only under a custom key', () => {
    expect(cachePolicy(input({ signed: true, gatewayTtl: 600 }))).toBeUndefined()
    expect(cachePolicy(input({ signed: true, gatewayTtl: 600, customKey: true }))).toBeDefined()
  })
})
