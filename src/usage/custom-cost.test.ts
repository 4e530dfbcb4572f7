import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import { parseCustomCost } from '../core/custom-cost.js'
import { computeCost } from './custom-cost.js'

describe('parseCustomCost', () => {
  it('F265 reads the documented example: $1 / 1M input and $2 / 1M output', () => {
    expect(parseCustomCost('{"per_token_in":0.000001,"per_token_out":0.000002}')).toEqual({
      per_token_in: 0.000001,
      per_token_out: 0.000002,
    })
  })

  it('F117 keeps any number of decimals', () => {
    expect(parseCustomCost('{"per_token_in":1.23456789012e-9,"per_token_out":0}').per_token_in).toBe(
      1.23456789012e-9,
    )
  })

  const rejects = (value: string, problem: RegExp) => {
    let caught: unknown
    try {
      parseCustomCost(value)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(GatewayError)
    expect((caught as GatewayError).kind).toBe('invalid_request')
    expect((caught as GatewayError).status).toBe(400)
    expect((caught as GatewayError).message).toMatch(/cf-aig-custom-cost/)
    expect((caught as GatewayError).message).toMatch(problem)
  }

  it('names the problem in a 400 invalid_request error', () => {
    rejects('per_token_in=1', /not valid JSON/)
    rejects('[0.1, 0.2]', /JSON object/)
    rejects('{"per_token_in":0.1}', /per_token_out is missing/)
    rejects('{"per_token_in":"0.1","per_token_out":0.2}', /per_token_in must be a number, got "0.1"/)
    rejects('{"per_token_in":0.1,"per_token_out":-2}', /per_token_out must be a number ≥ 0/)
  })
})

describe('computeCost', () => {
  const usage = { inputTokens: 1000, outputTokens: 500 }
  const custom = { per_token_in: 0.000001, per_token_out: 0.000002 }

  it('F264 a custom cost wins over the catalogue and sets the custom_cost flag', () => {
    const result = computeCost({ usage, customCost: custom, catalogueCost: 5, cached: false })
    expect(result).toEqual({
      cost: 1000 * 0.000001 + 500 * 0.000002,
      known: true,
      customCost: true,
      source: 'custom',
    })
  })

  it('F163 F266 a cache hit costs 0, even with a custom cost', () => {
    expect(computeCost({ usage, customCost: custom, catalogueCost: 5, cached: true })).toEqual({
      cost: 0,
      known: true,
      customCost: false,
      source: 'cache-hit',
    })
  })

  it('F262 uses the catalogue cost otherwise', () => {
    expect(computeCost({ usage, catalogueCost: 0.0125, cached: false })).toMatchObject({
      cost: 0.0125,
      source: 'catalogue',
    })
  })

  it('reports 0 as unknown when the model is unpriced or the response had no token counts', () => {
    expect(computeCost({ usage, cached: false })).toEqual({
      cost: 0,
      known: false,
      customCost: false,
      source: 'unknown',
    })
    expect(computeCost({ usage: undefined, customCost: custom, cached: false })).toMatchObject({
      cost: 0,
      known: false,
      customCost: false,
      source: 'no-usage',
    })
  })
})
