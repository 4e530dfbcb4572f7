import { describe, expect, it } from 'vitest'
import { GatewayError } from './errors.js'
import {
  parseBooleanHeader,
  parseMetadata,
  readControls,
  readCustomCost as parseCustomCost,
} from './controls.js'

describe('cf-aig-* controls', () => {
  it('F110 keeps the first five scalar metadata entries and drops objects', () => {
    const value = JSON.stringify({ a: 1, o: { x: 1 }, l: [1], b: 'b', c: true, d: 2.5, e: 'e', f: 'f' })
    expect(parseMetadata(value)).toEqual({ a: 1, b: 'b', c: true, d: 2.5, e: 'e' })
  })

  it.each(['[1]', '"text"', 'null', '{not json'])(
    'F110 rejects metadata %s with a 400 naming the header',
    (value) => {
      expect(() => parseMetadata(value)).toThrowError(/cf-aig-metadata/)
      try {
        parseMetadata(value)
      } catch (error) {
        expect((error as GatewayError).status).toBe(400)
      }
    },
  )

  it('F117 parses custom cost and rejects negative or missing prices', () => {
    expect(parseCustomCost('{"per_token_in":0.000001,"per_token_out":0.000002}')).toEqual({
      per_token_in: 0.000001,
      per_token_out: 0.000002,
    })
    expect(() => parseCustomCost('{"per_token_in":-1,"per_token_out":0}')).toThrowError(/per_token_in/)
    expect(() => parseCustomCost('{"per_token_in":1}')).toThrowError(/cf-aig-custom-cost/)
  })

  it('F115/F116 boolean headers accept true/false only', () => {
    expect(parseBooleanHeader('h', 'TRUE')).toBe(true)
    expect(parseBooleanHeader('h', 'false')).toBe(false)
    expect(parseBooleanHeader('h', undefined)).toBeUndefined()
    expect(() => parseBooleanHeader('cf-aig-collect-log', 'maybe')).toThrowError(/cf-aig-collect-log/)
  })

  it('reads all controls from headers with defaults (payload collected unless told otherwise)', () => {
    expect(readControls({})).toEqual({
      metadata: {},
      collectLog: undefined,
      collectLogPayload: true,
      customCost: undefined,
      byokAlias: undefined,
    })
    expect(
      readControls({ 'cf-aig-collect-log-payload': 'false', 'cf-aig-byok-alias': ' production ' }),
    ).toMatchObject({
      collectLogPayload: false,
      byokAlias: 'production',
    })
  })
})
