import { describe, expect, it } from 'vitest'
import {
  costNanos,
  DEFAULT_OUTPUT_TOKEN_CAP,
  estimateTokens,
  nanosFromUsd,
  outputTokenCap,
  parseJsonObject,
} from './estimate.js'

describe('worst-case cost estimate (F147)', () => {
  it('reads the output cap in every schema family spelling', () => {
    expect(outputTokenCap({ max_tokens: 100 })).toBe(100)
    expect(outputTokenCap({ max_completion_tokens: 200 })).toBe(200)
    expect(outputTokenCap({ max_output_tokens: 300 })).toBe(300)
    expect(outputTokenCap({ generationConfig: { maxOutputTokens: 400 } })).toBe(400)
    expect(outputTokenCap({ inferenceConfig: { maxTokens: 500 } })).toBe(500)
    expect(outputTokenCap({ max_tokens: 100, max_completion_tokens: 250 })).toBe(250)
  })

  it('ignores caps that are not positive numbers', () => {
    expect(outputTokenCap({ max_tokens: '100' })).toBeUndefined()
    expect(outputTokenCap({ max_tokens: 0 })).toBeUndefined()
    expect(outputTokenCap({ max_tokens: -5 })).toBeUndefined()
    expect(outputTokenCap([{ max_tokens: 5 }])).toBeUndefined()
    expect(outputTokenCap(null)).toBeUndefined()
  })

  it('estimates input from the body bytes and uses the default cap when the request sets none', () => {
    const body = Buffer.from('x'.repeat(401))
    expect(estimateTokens(body, {})).toEqual({ inputTokens: 101, outputTokens: DEFAULT_OUTPUT_TOKEN_CAP })
    expect(estimateTokens(null, { max_tokens: 7 })).toEqual({ inputTokens: 0, outputTokens: 7 })
  })

  it('prices in whole nano-dollars, rounding up but not on float noise', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point.
    expect(nanosFromUsd(0.1 + 0.2)).toBe(300_000_000)
    expect(nanosFromUsd(1.5e-9)).toBe(2)
    expect(nanosFromUsd(-1)).toBe(0)
    expect(nanosFromUsd(Number.NaN)).toBe(0)
    expect(costNanos({ inputTokens: 1000, outputTokens: 100 }, { input: 1.5e-7, output: 6e-7 })).toBe(210_000)
  })

  it('parses JSON objects only', () => {
    expect(parseJsonObject(Buffer.from(' \n{"max_tokens":3}'))).toEqual({ max_tokens: 3 })
    expect(parseJsonObject(Buffer.from('[1]'))).toBeUndefined()
    expect(parseJsonObject(Buffer.from('{broken'))).toBeUndefined()
    expect(parseJsonObject(null)).toBeUndefined()
  })
})
