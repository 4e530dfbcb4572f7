import { findProvider, type ModelPrice } from '@pydantic/genai-prices'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPricing, type PriceOverride } from './pricing.js'

/** The catalogue's own per-million prices for a model, looked up through the package. */
function catalogue(providerId: string, modelId: string): ModelPrice {
  const model = findProvider({ providerId })?.models.find((m) => m.id === modelId)
  if (!model) throw new Error(`catalogue has no ${providerId}/${modelId}`)
  if (Array.isArray(model.prices)) throw new Error(`${providerId}/${modelId} has conditional prices`)
  return model.prices
}

function flat(price: ModelPrice, key: string): number {
  const value = price[key]
  if (typeof value !== 'number') throw new Error(`${key} is not a flat price`)
  return value / 1_000_000
}

describe('createPricing: the catalogue', () => {
  const pricing = createPricing()

  it('F262 prices OpenAI tokens, cached input at the cache-read rate', () => {
    const p = catalogue('openai', 'gpt-4o')
    const usage = { inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 4_000 }
    expect(pricing.cost('openai', 'gpt-4o-2024-08-06', usage)).toBeCloseTo(
      6_000 * flat(p, 'input_mtok') + 4_000 * flat(p, 'cache_read_mtok') + 2_000 * flat(p, 'output_mtok'),
      12,
    )
    expect(pricing.price('openai', 'gpt-4o')).toEqual({
      input: flat(p, 'input_mtok'),
      output: flat(p, 'output_mtok'),
      cachedInput: flat(p, 'cache_read_mtok'),
    })
  })

  it('prices Anthropic cache writes at the cache-write rate', () => {
    const p = catalogue('anthropic', 'claude-3-5-sonnet')
    const usage = {
      inputTokens: 3_000,
      outputTokens: 100,
      cachedInputTokens: 1_000,
      cacheWriteInputTokens: 1_500,
    }
    expect(pricing.cost('anthropic', 'claude-3-5-sonnet-20241022', usage)).toBeCloseTo(
      500 * flat(p, 'input_mtok') +
        1_000 * flat(p, 'cache_read_mtok') +
        1_500 * flat(p, 'cache_write_mtok') +
        100 * flat(p, 'output_mtok'),
      12,
    )
  })

  it('applies the catalogue tier above 200k input tokens', () => {
    const tiers = catalogue('anthropic', 'claude-sonnet-4-5').input_mtok as {
      base: number
      tiers: Array<{ start: number; price: number }>
    }
    const output = catalogue('anthropic', 'claude-sonnet-4-5').output_mtok as {
      tiers: Array<{ price: number }>
    }
    const cost = pricing.cost('anthropic', 'claude-sonnet-4-5', { inputTokens: 250_000, outputTokens: 1_000 })
    expect(cost).toBeCloseTo(
      (250_000 * tiers.tiers[0]!.price + 1_000 * output.tiers[0]!.price) / 1_000_000,
      12,
    )
    expect(pricing.price('anthropic', 'claude-sonnet-4-5')?.input).toBe(tiers.base / 1_000_000)
  })

  it('maps aigw slugs and model spellings onto the catalogue', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 }
    const gemini = catalogue('google', 'gemini-2.5-flash')
    const expected = flat(gemini, 'input_mtok') * 1e6 + flat(gemini, 'output_mtok') * 1e6
    expect(pricing.cost('google-ai-studio', 'models/gemini-2.5-flash', usage)).toBeCloseTo(expected, 9)
    expect(
      pricing.cost('google-vertex-ai', 'publishers/google/models/gemini-2.5-flash:generateContent', usage),
    ).toBeCloseTo(expected, 9)
    expect(pricing.cost('google', 'gemini-2.5-flash', usage)).toBeCloseTo(expected, 9)
    const bedrock = pricing.cost('aws-bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1%3A0', usage)
    expect(bedrock).toBeCloseTo(
      pricing.cost('aws-bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', usage)!,
      12,
    )
    expect(bedrock).toBeGreaterThan(0)
    for (const [slug, model] of [
      ['grok', 'grok-3-mini'],
      ['perplexity-ai', 'sonar-pro'],
      ['azure-openai', 'gpt-4o'],
      ['groq', 'llama-3.3-70b-versatile'],
    ]) {
      expect(pricing.cost(slug!, model!, usage), `${slug}/${model}`).toBeGreaterThan(0)
    }
  })

  it('falls back to the undated name when the catalogue does not know the dated one', () => {
    const usage = { inputTokens: 1_000, outputTokens: 1_000 }
    expect(pricing.cost('mistral', 'pixtral-12b-2409', usage)).toBe(
      pricing.cost('mistral', 'pixtral-12b', usage),
    )
    expect(pricing.cost('grok', 'grok-3-mini-0409', usage)).toBe(pricing.cost('grok', 'grok-3-mini', usage))
    expect(pricing.cost('mistral', 'pixtral-12b', usage)).toBeGreaterThan(0)
  })

  it('F329 Workers AI calls get a non-zero cost from the catalogue', () => {
    const p = catalogue('cloudflare', '@cf/meta/llama-3.2-3b-instruct')
    const usage = { inputTokens: 25, outputTokens: 120 }
    const cost = pricing.cost('workers-ai', '@cf/meta/llama-3.2-3b-instruct', usage)
    expect(cost).toBeGreaterThan(0)
    expect(cost).toBeCloseTo(25 * flat(p, 'input_mtok') + 120 * flat(p, 'output_mtok'), 15)
    expect(pricing.cost('workers-ai', 'workers-ai/@cf/meta/llama-3.2-3b-instruct', usage)).toBe(cost)
  })

  it('knows nothing of unpriced providers and models', () => {
    const usage = { inputTokens: 10, outputTokens: 10 }
    expect(pricing.cost('custom-openai', 'gpt-4o', usage)).toBeUndefined()
    expect(pricing.cost('elevenlabs', 'eleven_multilingual_v2', usage)).toBeUndefined()
    expect(pricing.cost('openai', 'no-such-model-anywhere', usage)).toBeUndefined()
    expect(pricing.cost('openai', '', usage)).toBeUndefined()
    expect(pricing.price('openai', 'whisper-1')).toBeUndefined()
  })
})

describe('createPricing: operator overrides', () => {
  const overrides: PriceOverride[] = [
    {
      provider: 'openai',
      model: 'gpt-4o',
      input_per_token: 0.000002,
      output_per_token: 0.000008,
      cached_input_per_token: 0.0000005,
    },
    { provider: 'custom-acme', model: 'acme-1', input_per_token: 0.0000001, output_per_token: 0.0000003 },
  ]
  const pricing = createPricing({ overrides })

  it('F268 an override wins over the catalogue', () => {
    const usage = { inputTokens: 1_000, outputTokens: 200, cachedInputTokens: 400 }
    expect(pricing.cost('openai', 'gpt-4o', usage)).toBeCloseTo(
      600 * 0.000002 + 400 * 0.0000005 + 200 * 0.000008,
      15,
    )
    expect(pricing.cost('OpenAI', 'GPT-4o', usage)).toBe(pricing.cost('openai', 'gpt-4o', usage))
    expect(pricing.price('openai', 'gpt-4o')).toEqual({
      input: 0.000002,
      output: 0.000008,
      cachedInput: 0.0000005,
    })
    expect(pricing.cost('openai', 'gpt-4o-mini', usage)).toBe(
      createPricing().cost('openai', 'gpt-4o-mini', usage),
    )
  })

  it('prices providers the catalogue lacks, cached input at the input rate when no cached rate is set', () => {
    expect(
      pricing.cost('custom-acme', 'acme-1', { inputTokens: 100, outputTokens: 10, cachedInputTokens: 50 }),
    ).toBeCloseTo(100 * 0.0000001 + 10 * 0.0000003, 15)
  })

  it('lists overrides with the catalogue models for /compat/v1/models', () => {
    const models = pricing.models()
    expect(models).toContainEqual({
      provider: 'custom-acme',
      model: 'acme-1',
      input: 0.0000001,
      output: 0.0000003,
    })
    expect(models.filter((m) => m.provider === 'openai' && m.model === 'gpt-4o')).toEqual([
      { provider: 'openai', model: 'gpt-4o', input: 0.000002, output: 0.000008 },
    ])
    const workers = models.find(
      (m) => m.provider === 'workers-ai' && m.model === '@cf/meta/llama-3.2-3b-instruct',
    )
    expect(workers?.input).toBe(flat(catalogue('cloudflare', '@cf/meta/llama-3.2-3b-instruct'), 'input_mtok'))
    expect(models.some((m) => m.provider === 'google-vertex-ai' && m.model === 'gemini-2.5-flash')).toBe(true)
  })

  it('rejects an override with a bad price, naming the field', () => {
    const bad = { provider: 'openai', model: 'gpt-4o', input_per_token: -1, output_per_token: 0 }
    expect(() => createPricing({ overrides: [bad] })).toThrow(
      /#1 \(openai\/gpt-4o\): input_per_token must be a number ≥ 0/,
    )
  })
})

describe('createPricing: bundled data only', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('F263 prices from the data shipped with the package, without fetching updates', () => {
    const fetch = vi.fn(() => Promise.reject(new Error('no network')))
    vi.stubGlobal('fetch', fetch)
    const pricing = createPricing()
    expect(pricing.cost('openai', 'gpt-4o', { inputTokens: 1, outputTokens: 1 })).toBeGreaterThan(0)
    expect(pricing.models().length).toBeGreaterThan(100)
    expect(fetch).not.toHaveBeenCalled()
  })
})
