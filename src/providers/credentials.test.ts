import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { injectKey, keySlots, readKeyFromSlot } from './credentials.js'
import { bearer, header, scheme } from './define.js'

describe('readKeyFromSlot', () => {
  it.each([
    [{ authorization: 'Bearer sk-abc' }, 'authorization', 'sk-abc'],
    [{ authorization: 'bearer   sk-abc ' }, 'authorization', 'sk-abc'],
    [{ authorization: 'Token co-abc' }, 'authorization', 'co-abc'],
    [{ authorization: 'Key fal:abc' }, 'authorization', 'fal:abc'],
    [{ authorization: 'raw-token' }, 'authorization', 'raw-token'],
    [{ 'x-goog-api-key': 'AIza-abc' }, 'x-goog-api-key', 'AIza-abc'],
    [{ 'x-goog-api-key': 'Bearer gw-token' }, 'x-goog-api-key', 'gw-token'],
    [{ 'X-Api-Key': 'ak-1' }, 'x-api-key', 'ak-1'],
    [{ authorization: ['Bearer first', 'Bearer second'] }, 'authorization', 'first'],
  ])('%j in %s → %s', (headers, slot, expected) => {
    expect(readKeyFromSlot(headers, slot)).toBe(expected)
  })

  it('returns undefined for an absent or blank slot', () => {
    expect(readKeyFromSlot({ authorization: 'Bearer x' }, 'x-api-key')).toBeUndefined()
    expect(readKeyFromSlot({ 'x-api-key': '  ' }, 'x-api-key')).toBeUndefined()
  })
})

describe('keySlots and injectKey', () => {
  it('F083 Anthropic SDK 1.x puts its key in Authorization as well as x-api-key', () => {
    expect(keySlots(header('x-api-key'), 'anthropic')).toEqual(['x-api-key', 'authorization'])
    expect(keySlots(header('x-api-key'))).toEqual(['x-api-key'])
  })

  it('BYOK removes the gateway token from every slot before writing the stored key', () => {
    const headers = {
      Authorization: 'Bearer gw-token',
      'x-api-key': 'stale',
      'anthropic-version': '2023-06-01',
    }
    expect(injectKey(headers, header('x-api-key'), 'sk-ant', 'anthropic')).toEqual({
      'x-api-key': 'sk-ant',
      'anthropic-version': '2023-06-01',
    })
  })

  it('writes the provider scheme word', () => {
    expect(injectKey({}, scheme('Token'), 'co-1')).toEqual({ authorization: 'Token co-1' })
    expect(injectKey({ AUTHORIZATION: 'Bearer gw' }, bearer(), 'sk-1')).toEqual({
      authorization: 'Bearer sk-1',
    })
  })

  it('refuses keys that would corrupt the request and Bedrock, which the client signs', () => {
    expect(() => injectKey({}, bearer(), 'sk\r\nx-evil: 1')).toThrow(GatewayError)
    expect(() => injectKey({}, bearer(), '')).toThrow(GatewayError)
    expect(() => injectKey({}, { type: 'signed-passthrough' }, 'k')).toThrow(/SigV4/)
  })
})
