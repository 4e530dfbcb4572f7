import { type AdminError, validationError } from './admin-errors.js'
import { preview } from './validation.js'

/** Query-string readers that fail with a 400 naming the parameter (`path: ["query", name]`). */
export function queryInt(
  query: URLSearchParams,
  name: string,
  min: number,
  max?: number,
): number | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
    throw invalidParam(name, `must be an integer ${range}, got ${preview(raw)}`)
  }
  return value
}

export function queryNumber(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw invalidParam(name, `must be a number, got ${preview(raw)}`)
  }
  return value
}

export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  const lowered = raw.toLowerCase()
  if (lowered === 'true' || lowered === '1') return true
  if (lowered === 'false' || lowered === '0') return false
  throw invalidParam(name, `must be true or false, got ${preview(raw)}`)
}

export function queryEnum<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  const found = allowed.find((value) => value === raw || value === raw.toLowerCase())
  if (found === undefined) {
    throw invalidParam(name, `must be one of ${allowed.join(', ')}, got ${preview(raw)}`)
  }
  return found
}

export function queryDate(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name)
  if (raw === null) return undefined
  const parsed = Date.parse(raw)
  if (Number.isNaN(parsed)) throw invalidParam(name, `must be an ISO 8601 date-time, got ${preview(raw)}`)
  return parsed
}

export function queryString(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined
}

export interface Paging {
  page: number
  perPage: number
}

/**
 * V4 paging. `per_page` above the maximum is lowered to it rather than refused: the SDK's auto-pagination
 * keeps sending the same `per_page`, and the effective value is reported back in `result_info.per_page`.
 */
export function readPaging(query: URLSearchParams, defaultPerPage: number, maxPerPage: number): Paging {
  const page = queryInt(query, 'page', 1) ?? 1
  const perPage = Math.min(queryInt(query, 'per_page', 1) ?? defaultPerPage, maxPerPage)
  return { page, perPage }
}

/** Unknown parameters are refused so that a misspelt filter never silently returns everything. */
export function rejectUnknownParams(query: URLSearchParams, known: (name: string) => boolean): void {
  const unknown = [...new Set(query.keys())].filter((name) => !known(name))
  if (unknown.length === 0) return
  throw validationError(
    unknown.map((name) => ({
      message: `${name} is not a recognised query parameter`,
      path: ['query', name],
    })),
  )
}

export function invalidParam(name: string, problem: string): AdminError {
  return validationError([{ message: `${name} ${problem}`, path: ['query', name] }])
}
