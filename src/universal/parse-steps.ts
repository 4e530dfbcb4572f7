import { GatewayError } from '../core/errors.js'
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, type Backoff } from '../core/step-controls.js'

/** F039: per-step request handling; absent keys fall back to the step's headers, the request's, the gateway's. */
export interface StepConfig {
  requestTimeout?: number
  maxAttempts?: number
  retryDelay?: number
  backoff?: Backoff
}

/** One element of a Universal request (F035), checked for shape; what it names is resolved by compile. */
export interface UniversalStep {
  /** Where errors point: `[2].` in an array, empty for a single object (F045). */
  readonly at: string
  readonly provider: string
  readonly endpoint: string
  /** Lower-cased names; F036/F340: a step's `authorization` field lands here as `authorization`. */
  readonly headers: Record<string, string>
  readonly query: Record<string, unknown> | unknown[]
  readonly config: StepConfig
}

/** Bounds the upstream calls one request can cause (each step may also retry up to five times). */
export const MAX_STEPS = 16
export const MAX_REQUEST_TIMEOUT_MS = 3_600_000

const CONFIG_KEYS = ['requestTimeout', 'maxAttempts', 'retryDelay', 'backoff'] as const
/** RFC 9110 token: anything else would be refused by the HTTP client mid-route. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const HEADER_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/

function invalid(at: string, field: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${at}${field}: ${message}`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** F035, F045: the body is an array of steps or one step object; errors name `[i].field`. */
export function parseUniversalBody(json: unknown): UniversalStep[] {
  if (isObject(json)) return [parseStep(json, '')]
  if (!Array.isArray(json)) {
    throw new GatewayError('invalid_request', 'body: must be a JSON array of steps (or one step object)')
  }
  if (json.length === 0) throw new GatewayError('invalid_request', 'body: at least one step is required')
  if (json.length > MAX_STEPS) {
    throw new GatewayError('invalid_request', `body: at most ${MAX_STEPS} steps, got ${json.length}`)
  }
  return json.map((element, index) => {
    const at = `[${index}].`
    if (!isObject(element)) throw new GatewayError('invalid_request', `[${index}]: must be an object`)
    return parseStep(element, at)
  })
}

function parseStep(raw: Record<string, unknown>, at: string): UniversalStep {
  const provider = raw.provider
  if (typeof provider !== 'string' || provider.trim() === '') {
    throw invalid(at, 'provider', 'required, a provider slug such as "openai", "workers-ai" or "compat"')
  }
  const endpoint = raw.endpoint
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw invalid(at, 'endpoint', 'required, the path under the provider, e.g. "chat/completions"')
  }
  const query = raw.query
  if (query === null || typeof query !== 'object') {
    throw invalid(at, 'query', "required, the provider's JSON request body")
  }
  return {
    at,
    provider: provider.trim(),
    endpoint: endpoint.trim(),
    headers: parseHeaders(raw.headers, raw.authorization, at),
    query: query as Record<string, unknown> | unknown[],
    config: parseConfig(raw.config, at),
  }
}

function headerText(value: unknown, at: string, field: string): string {
  const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
  if (typeof text !== 'string') throw invalid(at, field, 'must be a string')
  if (HEADER_VALUE_FORBIDDEN.test(text)) throw invalid(at, field, 'must not contain control characters')
  return text
}

function parseHeaders(raw: unknown, authorization: unknown, at: string): Record<string, string> {
  if (raw !== undefined && raw !== null && !isObject(raw)) throw invalid(at, 'headers', 'must be an object')
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (!HEADER_NAME.test(name)) throw invalid(at, `headers.${name}`, 'is not a valid header name')
    const lower = name.toLowerCase()
    if (headers[lower] !== undefined)
      throw invalid(at, `headers.${name}`, 'is given twice (names are case-insensitive)')
    headers[lower] = headerText(value, at, `headers.${name}`)
  }
  if (authorization !== undefined && authorization !== null) {
    const value = headerText(authorization, at, 'authorization')
    if (headers.authorization !== undefined && headers.authorization !== value) {
      throw invalid(at, 'authorization', 'conflicts with headers.Authorization; send one of them')
    }
    headers.authorization = value
  }
  return headers
}

function whole(value: unknown, at: string, key: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(at, `config.${key}`, `must be a whole number from ${min} to ${max}`)
  }
  return value
}

function parseConfig(raw: unknown, at: string): StepConfig {
  if (raw === undefined || raw === null) return {}
  if (!isObject(raw)) throw invalid(at, 'config', 'must be an object')
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw invalid(at, `config.${key}`, `unknown setting (${CONFIG_KEYS.join(', ')})`)
    }
  }
  const config: StepConfig = {}
  const requestTimeout = whole(raw.requestTimeout, at, 'requestTimeout', 1, MAX_REQUEST_TIMEOUT_MS)
  const maxAttempts = whole(raw.maxAttempts, at, 'maxAttempts', 1, MAX_ATTEMPTS)
  const retryDelay = whole(raw.retryDelay, at, 'retryDelay', 0, MAX_RETRY_DELAY_MS)
  if (requestTimeout !== undefined) config.requestTimeout = requestTimeout
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts
  if (retryDelay !== undefined) config.retryDelay = retryDelay
  if (raw.backoff !== undefined && raw.backoff !== null) {
    if (raw.backoff !== 'constant' && raw.backoff !== 'linear' && raw.backoff !== 'exponential') {
      throw invalid(at, 'config.backoff', 'must be "constant", "linear" or "exponential"')
    }
    config.backoff = raw.backoff
  }
  return config
}
