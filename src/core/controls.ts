import type { IncomingHttpHeaders } from 'node:http'
import { parseCustomCost, type CustomCost } from './custom-cost.js'
import { GatewayError } from './errors.js'

/**
 * The `cf-aig-*` request headers parsed once into typed controls (F109–F127). Values that would change
 * behaviour but cannot be understood are rejected with a 400 naming the header rather than ignored.
 */
export type MetadataValue = string | number | boolean
export type Metadata = Record<string, MetadataValue>

export interface Controls {
  metadata: Metadata
  /** F115: undefined = follow the gateway's `collect_logs`. */
  collectLog: boolean | undefined
  /** F116: bodies are stored unless this is false. */
  collectLogPayload: boolean
  customCost: CustomCost | undefined
  byokAlias: string | undefined
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function parseBooleanHeader(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  const normalised = value.trim().toLowerCase()
  if (normalised === 'true' || normalised === '1') return true
  if (normalised === 'false' || normalised === '0') return false
  throw new GatewayError('invalid_request', `${name} must be 'true' or 'false', got '${value}'`)
}

/** F110/F259: a JSON object; only the first five scalar entries are kept, objects are unsupported. */
export function parseMetadata(value: string | undefined): Metadata {
  if (value === undefined || value.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new GatewayError('invalid_request', 'cf-aig-metadata must be a JSON object')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewayError('invalid_request', 'cf-aig-metadata must be a JSON object')
  }
  const out: Metadata = {}
  let kept = 0
  for (const [key, entry] of Object.entries(parsed)) {
    if (kept === 5) break
    if (
      typeof entry === 'string' ||
      typeof entry === 'boolean' ||
      (typeof entry === 'number' && Number.isFinite(entry))
    ) {
      out[key] = entry
      kept++
    }
  }
  return out
}

/** F117/F264: `{"per_token_in": n, "per_token_out": n}`. */
export function readCustomCost(value: string | undefined): CustomCost | undefined {
  if (value === undefined || value.trim() === '') return undefined
  return parseCustomCost(value)
}

export function readControls(headers: IncomingHttpHeaders): Controls {
  return {
    metadata: parseMetadata(single(headers, 'cf-aig-metadata')),
    collectLog: parseBooleanHeader('cf-aig-collect-log', single(headers, 'cf-aig-collect-log')),
    collectLogPayload:
      parseBooleanHeader('cf-aig-collect-log-payload', single(headers, 'cf-aig-collect-log-payload')) ?? true,
    customCost: readCustomCost(single(headers, 'cf-aig-custom-cost')),
    byokAlias: single(headers, 'cf-aig-byok-alias')?.trim() || undefined,
  }
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  return single(headers, name)
}
