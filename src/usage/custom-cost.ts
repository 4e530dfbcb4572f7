import type { Usage } from '../core/log-entry.js'
import type { CustomCost } from '../core/custom-cost.js'

export type CostSource = 'cache-hit' | 'custom' | 'catalogue' | 'no-usage' | 'unknown'

export interface CostResult {
  /** USD; 0 when the cost is not known (see `known`). */
  cost: number
  /** Whether a price was applied; false for unpriced models and responses without token counts. */
  known: boolean
  /** The log's `custom_cost` flag (F264): the request's own prices were applied. */
  customCost: boolean
  source: CostSource
}

export interface CostInput {
  usage: Usage | undefined
  customCost?: CustomCost
  /** The catalogue's (or an operator override's) price for this usage, when it has one. */
  catalogueCost?: number
  cached: boolean
}

/**
 * The cost a log entry records. A cache hit costs nothing, custom cost or not (F163, F266); the request's custom
 * cost wins over the catalogue (F264); costs need token counts from the response (F262, F264).
 */
export function computeCost(input: CostInput): CostResult {
  if (input.cached) return { cost: 0, known: true, customCost: false, source: 'cache-hit' }
  const usage = input.usage
  if (!usage) return { cost: 0, known: false, customCost: false, source: 'no-usage' }
  const custom = input.customCost
  if (custom) {
    const cost = usage.inputTokens * custom.per_token_in + usage.outputTokens * custom.per_token_out
    return { cost, known: true, customCost: true, source: 'custom' }
  }
  if (input.catalogueCost !== undefined && Number.isFinite(input.catalogueCost)) {
    return { cost: input.catalogueCost, known: true, customCost: false, source: 'catalogue' }
  }
  return { cost: 0, known: false, customCost: false, source: 'unknown' }
}
