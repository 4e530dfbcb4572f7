import { GatewayError } from './errors.js'

/** `cf-aig-custom-cost` (F117): USD per input and per output token, any number of decimals. */
export interface CustomCost {
  per_token_in: number
  per_token_out: number
}

const HEADER = 'cf-aig-custom-cost'
const EXAMPLE = '{"per_token_in":0.000001,"per_token_out":0.000002}'

function invalid(problem: string): GatewayError {
  return new GatewayError('invalid_request', `${HEADER}: ${problem}; expected JSON like ${EXAMPLE}`)
}

function price(record: Record<string, unknown>, field: keyof CustomCost): number {
  if (!(field in record)) throw invalid(`${field} is missing`)
  const value = record[field]
  if (typeof value !== 'number') throw invalid(`${field} must be a number, got ${JSON.stringify(value)}`)
  if (!Number.isFinite(value) || value < 0) throw invalid(`${field} must be a number ≥ 0, got ${value}`)
  return value
}

/** Parses the header value; both prices are required so a typo cannot silently price output at zero (F264, F265). */
export function parseCustomCost(value: string): CustomCost {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw invalid('not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('must be a JSON object')
  }
  const record = parsed as Record<string, unknown>
  return { per_token_in: price(record, 'per_token_in'), per_token_out: price(record, 'per_token_out') }
}
