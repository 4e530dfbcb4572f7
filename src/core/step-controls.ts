import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from './errors.js'

/**
 * Controls that may differ per model step (F040, F128: step headers > request headers > gateway settings):
 * caching (F111–F114, F158–F159, F341), request handling (F118–F121, F177–F180) and ZDR (F123).
 * Only what the request says is here; gateway defaults are applied by the stages that use them.
 */
export type Backoff = 'constant' | 'linear' | 'exponential'

export interface StepControls {
  /** Seconds; 0 = do not cache this step; undefined = gateway default. Clamped to 60 s … 1 month (F159, F341). */
  cacheTtl: number | undefined
  /** F112: bypass the cache read (the fresh response is still written). */
  skipCache: boolean
  /** F113: replaces the computed cache key. */
  cacheKey: string | undefined
  /** F118: ms until the first byte of the response. */
  requestTimeoutMs: number | undefined
  /** F119: total attempts, 1…5. */
  maxAttempts: number | undefined
  /** F120: ms before a retry, ≤ 5000. */
  retryDelayMs: number | undefined
  backoff: Backoff | undefined
  /** F123 */
  zdr: boolean | undefined
}

export const CACHE_TTL_MIN_S = 60
export const CACHE_TTL_MAX_S = 2_592_000
export const MAX_ATTEMPTS = 5
export const MAX_RETRY_DELAY_MS = 5_000

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (!/^\d+$/.test(trimmed))
    throw new GatewayError('invalid_request', `${name} must be a whole number, got '${value}'`)
  const parsed = Number(trimmed)
  if (parsed < min || parsed > max) {
    throw new GatewayError('invalid_request', `${name} must be between ${min} and ${max}, got ${parsed}`)
  }
  return parsed
}

function flag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  const normalised = value.trim().toLowerCase()
  if (normalised === 'true' || normalised === '1') return true
  if (normalised === 'false' || normalised === '0') return false
  throw new GatewayError('invalid_request', `${name} must be 'true' or 'false', got '${value}'`)
}

/** F341: `0` switches caching off for the request; 1–59 are raised to the 60 s minimum. */
export function clampCacheTtl(seconds: number): number {
  if (seconds === 0) return 0
  return Math.min(CACHE_TTL_MAX_S, Math.max(CACHE_TTL_MIN_S, seconds))
}

function cacheTtl(headers: IncomingHttpHeaders): number | undefined {
  // F114: the deprecated spelling still works; the current one wins when both are sent.
  const name = single(headers, 'cf-aig-cache-ttl') !== undefined ? 'cf-aig-cache-ttl' : 'cf-cache-ttl'
  const seconds = integer(name, single(headers, name), 0, Number.MAX_SAFE_INTEGER)
  return seconds === undefined ? undefined : clampCacheTtl(seconds)
}

function backoff(value: string | undefined): Backoff | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const normalised = value.trim().toLowerCase()
  if (normalised === 'constant' || normalised === 'linear' || normalised === 'exponential') return normalised
  throw new GatewayError(
    'invalid_request',
    `cf-aig-backoff must be constant, linear or exponential, got '${value}'`,
  )
}

export function readStepControls(headers: IncomingHttpHeaders): StepControls {
  const skipName = single(headers, 'cf-aig-skip-cache') !== undefined ? 'cf-aig-skip-cache' : 'cf-skip-cache'
  const cacheKey = single(headers, 'cf-aig-cache-key')?.trim()
  return {
    cacheTtl: cacheTtl(headers),
    skipCache: flag(skipName, single(headers, skipName)) ?? false,
    cacheKey: cacheKey === '' ? undefined : cacheKey,
    requestTimeoutMs: integer(
      'cf-aig-request-timeout',
      single(headers, 'cf-aig-request-timeout'),
      1,
      3_600_000,
    ),
    maxAttempts: integer('cf-aig-max-attempts', single(headers, 'cf-aig-max-attempts'), 1, MAX_ATTEMPTS),
    retryDelayMs: integer('cf-aig-retry-delay', single(headers, 'cf-aig-retry-delay'), 0, MAX_RETRY_DELAY_MS),
    backoff: backoff(single(headers, 'cf-aig-backoff')),
    zdr: flag('cf-aig-zdr', single(headers, 'cf-aig-zdr')),
  }
}

/** F040: a Universal step's own headers win over the outer request's. Names are matched case-insensitively. */
export function mergeStepHeaders(
  request: IncomingHttpHeaders,
  step: Record<string, string> | undefined,
): IncomingHttpHeaders {
  if (!step) return request
  const merged: IncomingHttpHeaders = { ...request }
  for (const [name, value] of Object.entries(step)) merged[name.toLowerCase()] = value
  return merged
}
