import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice,
  type PriceCalculation,
  type Provider,
} from '@pydantic/genai-prices'
import type { Usage } from '../core/log-entry.js'
import { catalogueProviderId, catalogueSlugs, modelCandidates } from './catalogue-names.js'

/**
 * Cost in USD from the maintained catalogue `@pydantic/genai-prices` (F262, F263), with operator overrides
 * from the config file winning over it (F268). The package prices from the data bundled in the installed
 * version: it fetches updates only if `updatePrices` is called, which aigw never does (no network at runtime);
 * upgrading the package is how prices are refreshed.
 */

/** One `pricing:` entry of the config file: USD per token. */
export interface PriceOverride {
  provider: string
  model: string
  input_per_token: number
  output_per_token: number
  cached_input_per_token?: number
}

/** USD per token. */
export interface TokenPrice {
  input: number
  output: number
  cachedInput?: number
}

export interface PricedModel {
  provider: string
  model: string
  input: number
  output: number
}

export interface Pricing {
  /** USD for this usage; undefined when neither an override nor the catalogue knows the model. */
  cost(provider: string, model: string, usage: Usage): number | undefined
  /** USD per token at the base tier; undefined when the model is unknown or not priced per token. */
  price(provider: string, model: string): TokenPrice | undefined
  /** Every per-token-priced model of the providers aigw serves, overrides included (for /compat/v1/models, F268). */
  models(): PricedModel[]
}

export interface PricingOptions {
  overrides?: PriceOverride[]
  /** Prices can depend on the date; defaults to the system clock. */
  now?: () => number
}

type CacheAwareUsage = Usage & { cacheWriteInputTokens?: number }

const MTOK = 1_000_000
const RESOLVED_CACHE_LIMIT = 2048

export function createPricing(options: PricingOptions = {}): Pricing {
  const now = options.now ?? Date.now
  const overrides = indexOverrides(options.overrides ?? [])
  /** slug + model → the name the catalogue matched, or null when it knows none of the candidates. */
  const resolved = new Map<string, string | null>()
  let listing: PricedModel[] | undefined

  const lookup = (providerId: string, slug: string, model: string, usage: CacheAwareUsage) => {
    const key = `${slug.toLowerCase()}\u0000${model}`
    const known = resolved.get(key)
    if (known === null) return null
    const timestamp = new Date(now())
    let failed = false
    for (const candidate of known === undefined ? modelCandidates(slug, model) : [known]) {
      const result = calculate(usage, candidate, providerId, timestamp)
      if (result) {
        remember(resolved, key, candidate)
        return result
      }
      failed ||= result === undefined
    }
    if (!failed) remember(resolved, key, null)
    return null
  }

  const overrideFor = (provider: string, model: string): PriceOverride | undefined => {
    if (overrides.size === 0) return undefined
    for (const name of [model, ...modelCandidates(provider, model)]) {
      const override = overrides.get(overrideKey(provider, name))
      if (override) return override
    }
    return undefined
  }

  return {
    cost(provider, model, usage) {
      const override = overrideFor(provider, model)
      if (override) return overrideCost(override, usage)
      const providerId = catalogueProviderId(provider)
      if (!providerId || model === '') return undefined
      return lookup(providerId, provider, model, usage)?.total_price
    },
    price(provider, model) {
      const override = overrideFor(provider, model)
      if (override) return overridePrice(override)
      const providerId = catalogueProviderId(provider)
      if (!providerId || model === '') return undefined
      const result = lookup(providerId, provider, model, { inputTokens: 0, outputTokens: 0 })
      return result ? tokenPrice(result.model_price) : undefined
    },
    models() {
      listing ??= catalogueListing(new Date(now()))
      const merged = new Map(listing.map((entry) => [overrideKey(entry.provider, entry.model), entry]))
      for (const override of overrides.values()) {
        merged.set(overrideKey(override.provider, override.model), {
          provider: override.provider,
          model: override.model,
          input: override.input_per_token,
          output: override.output_per_token,
        })
      }
      return [...merged.values()].sort(
        (a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model),
      )
    },
  }
}

function remember(cache: Map<string, string | null>, key: string, value: string | null): void {
  if (cache.size >= RESOLVED_CACHE_LIMIT) cache.clear()
  cache.set(key, value)
}

function overrideKey(provider: string, model: string): string {
  return `${provider.toLowerCase()}\u0000${model.trim().toLowerCase()}`
}

function indexOverrides(list: PriceOverride[]): Map<string, PriceOverride> {
  const index = new Map<string, PriceOverride>()
  list.forEach((override, position) => {
    const where = `pricing override #${position + 1} (${override.provider}/${override.model})`
    if (typeof override.provider !== 'string' || override.provider.trim() === '') {
      throw new TypeError(`${where}: provider must be a non-empty string`)
    }
    if (typeof override.model !== 'string' || override.model.trim() === '') {
      throw new TypeError(`${where}: model must be a non-empty string`)
    }
    for (const field of ['input_per_token', 'output_per_token', 'cached_input_per_token'] as const) {
      const value = override[field]
      if (value === undefined && field === 'cached_input_per_token') continue
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new TypeError(`${where}: ${field} must be a number ≥ 0`)
      }
    }
    index.set(overrideKey(override.provider, override.model), override)
  })
  return index
}

function overrideCost(override: PriceOverride, usage: Usage): number {
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens)
  const cachedRate = override.cached_input_per_token ?? override.input_per_token
  return (
    (usage.inputTokens - cached) * override.input_per_token +
    cached * cachedRate +
    usage.outputTokens * override.output_per_token
  )
}

function overridePrice(override: PriceOverride): TokenPrice {
  const price: TokenPrice = { input: override.input_per_token, output: override.output_per_token }
  if (override.cached_input_per_token !== undefined) price.cachedInput = override.cached_input_per_token
  return price
}

/** The catalogue's usage keys: `input_tokens` is the total, cache reads and writes are parts of it. */
function catalogueUsage(usage: CacheAwareUsage): Record<string, number> {
  const input = Math.max(0, usage.inputTokens)
  const cacheRead = Math.min(usage.cachedInputTokens ?? 0, input)
  const cacheWrite = Math.min(usage.cacheWriteInputTokens ?? 0, input - cacheRead)
  const out: Record<string, number> = { input_tokens: input, output_tokens: Math.max(0, usage.outputTokens) }
  if (cacheRead > 0) out.cache_read_tokens = cacheRead
  if (cacheWrite > 0) out.cache_write_tokens = cacheWrite
  return out
}

/** null: the catalogue does not know the model; undefined: it refused this usage (no price beats a wrong one). */
function calculate(
  usage: CacheAwareUsage,
  model: string,
  providerId: string,
  timestamp: Date,
): PriceCalculation | null | undefined {
  try {
    return calcPrice(catalogueUsage(usage), model, { providerId, timestamp })
  } catch {
    return undefined
  }
}

function perToken(value: ModelPrice[string]): number | undefined {
  if (typeof value === 'number') return value / MTOK
  if (value && typeof value === 'object' && typeof value.base === 'number') return value.base / MTOK
  return undefined
}

function tokenPrice(price: ModelPrice): TokenPrice | undefined {
  const input = perToken(price.input_mtok)
  const output = perToken(price.output_mtok)
  if (input === undefined && output === undefined) return undefined
  const out: TokenPrice = { input: input ?? 0, output: output ?? 0 }
  const cachedInput = perToken(price.cache_read_mtok)
  if (cachedInput !== undefined) out.cachedInput = cachedInput
  return out
}

/** Prices one catalogue model on its own, matched by its id, so the catalogue picks the price in force at `timestamp`. */
function listedPrice(provider: Provider, model: ModelInfo, timestamp: Date): TokenPrice | undefined {
  const single: Provider = {
    ...provider,
    fallback_model_providers: [],
    models: [{ ...model, match: { equals: model.id } }],
  }
  try {
    const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, model.id, { provider: single, timestamp })
    return result ? tokenPrice(result.model_price) : undefined
  } catch {
    return undefined
  }
}

function catalogueListing(timestamp: Date): PricedModel[] {
  const out: PricedModel[] = []
  const providers = new Map<string, Provider | undefined>()
  for (const slug of catalogueSlugs()) {
    const id = catalogueProviderId(slug)
    if (!id) continue
    if (!providers.has(id)) providers.set(id, findProvider({ providerId: id }))
    const provider = providers.get(id)
    if (!provider) continue
    for (const model of provider.models) {
      if (model.deprecated) continue
      const price = listedPrice(provider, model, timestamp)
      if (price) out.push({ provider: slug, model: model.id, input: price.input, output: price.output })
    }
  }
  return out
}
