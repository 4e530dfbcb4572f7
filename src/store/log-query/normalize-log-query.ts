import type { LogFilter, LogFilterOperator, LogQuery } from '../../core/log-entry.js'
import { checkPage } from '../paging.js'
import {
  type ColumnKey,
  type ColumnValue,
  logColumnKeys,
  logOrderKeys,
  METADATA_KEY,
  METADATA_PREFIX,
  METADATA_VALUE,
  operatorsFor,
} from './log-filter-keys.js'

/**
 * A LogQuery validated and reduced to typed operands, so that every backend applies identical
 * semantics: values within one filter are OR-ed, filters are AND-ed, `neq` is exactly `not eq`
 * (rows with a NULL or a missing metadata key match `neq`), `contains` is a case-insensitive
 * substring test (operands are lower-cased here), `lt`/`gt` take exactly one operand.
 */
export interface MetadataOperand {
  /** Canonical text form: strings as-is, numbers via String(), booleans as `true`/`false`. */
  text: string
  /** Set when the operand reads as a finite number; numeric metadata values compare by this. */
  num: number | null
}

export type NormalizedFilter =
  | { target: 'column'; key: string; spec: ColumnKey; operator: LogFilterOperator; values: ColumnValue[] }
  | { target: 'metadata-key'; operator: 'eq' | 'neq' | 'contains'; values: string[] }
  | {
      target: 'metadata-value'
      /** null: any key (`metadata.value`); otherwise the one key of `metadata.<name>` (F330). */
      name: string | null
      operator: LogFilterOperator
      values: MetadataOperand[]
      /** `metadata.<name>` eq/neq with a null operand: the key is absent. */
      matchesAbsent: boolean
    }

export interface NormalizedLogQuery {
  accountId: string
  gatewayId: string
  filters: NormalizedFilter[]
  /** Lower-cased; null when absent or blank. */
  search: string | null
  order: ColumnKey
  direction: 'asc' | 'desc'
  offset: number
  perPage: number
  limit: number | null
}

export function normalizeLogQuery(query: LogQuery): NormalizedLogQuery {
  const order = Object.hasOwn(logOrderKeys, query.orderBy) ? logOrderKeys[query.orderBy] : undefined
  if (!order) throw new Error(`Invalid log query: unknown order_by "${String(query.orderBy)}"`)
  if (query.direction !== 'asc' && query.direction !== 'desc') {
    throw new Error(
      `Invalid log query: order_by_direction must be asc or desc, got "${String(query.direction)}"`,
    )
  }
  const { offset, perPage } = checkPage(query.page, query.perPage)
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 0)) {
    throw new Error(`Invalid log query: limit must be a non-negative integer, got ${String(query.limit)}`)
  }
  const search = query.search?.trim().toLowerCase() ?? ''
  return {
    accountId: query.accountId,
    gatewayId: query.gatewayId,
    filters: query.filters.map(normalizeFilter),
    search: search === '' ? null : search,
    order,
    direction: query.direction,
    offset,
    perPage,
    limit: query.limit ?? null,
  }
}

export function normalizeFilter(filter: LogFilter): NormalizedFilter {
  const { key, operator } = filter
  if (!['eq', 'neq', 'contains', 'lt', 'gt'].includes(operator)) {
    fail(key, `unknown operator "${String(operator)}"`)
  }
  if (!Array.isArray(filter.value) || filter.value.length === 0) fail(key, 'value must be a non-empty array')
  if ((operator === 'lt' || operator === 'gt') && filter.value.length !== 1) {
    fail(key, `operator ${operator} takes exactly one value`)
  }
  if (key === METADATA_KEY) return metadataKeyFilter(filter)
  if (key === METADATA_VALUE) return metadataValueFilter(filter, null)
  if (key.startsWith(METADATA_PREFIX) && key.length > METADATA_PREFIX.length) {
    return metadataValueFilter(filter, key.slice(METADATA_PREFIX.length))
  }
  const spec = logColumnKeys.get(key)
  if (!spec) throw new Error(`Unknown log filter key "${key}"`)
  if (!operatorsFor(spec.kind).includes(operator)) {
    fail(key, `operator ${operator} is not supported (use ${operatorsFor(spec.kind).join(', ')})`)
  }
  const values = filter.value.map((value): ColumnValue => {
    if (value === null) {
      if (!spec.nullable || (operator !== 'eq' && operator !== 'neq')) fail(key, `null is not a valid value`)
      return null
    }
    if (operator === 'contains') return toText(value).toLowerCase()
    return coerce(key, spec, value)
  })
  return { target: 'column', key, spec, operator, values }
}

function metadataKeyFilter({ key, operator, value }: LogFilter): NormalizedFilter {
  if (operator !== 'eq' && operator !== 'neq' && operator !== 'contains') {
    fail(key, `operator ${operator} is not supported (use eq, neq, contains)`)
  }
  const values = value.map((v) => {
    if (v === null) fail(key, 'null is not a valid value')
    const text = toText(v)
    return operator === 'contains' ? text.toLowerCase() : text
  })
  return { target: 'metadata-key', operator, values }
}

function metadataValueFilter({ key, operator, value }: LogFilter, name: string | null): NormalizedFilter {
  let matchesAbsent = false
  const values: MetadataOperand[] = []
  for (const v of value) {
    if (v === null) {
      if (name === null || (operator !== 'eq' && operator !== 'neq')) fail(key, 'null is not a valid value')
      matchesAbsent = true
      continue
    }
    const text = toText(v)
    const num = typeof v === 'number' ? finiteOrNull(v) : typeof v === 'string' ? parseNumeric(v) : null
    if ((operator === 'lt' || operator === 'gt') && num === null) {
      fail(key, `operator ${operator} needs a numeric value, got ${JSON.stringify(v)}`)
    }
    values.push({ text: operator === 'contains' ? text.toLowerCase() : text, num })
  }
  return { target: 'metadata-value', name, operator, values, matchesAbsent }
}

function coerce(key: string, spec: ColumnKey, value: string | number | boolean): ColumnValue {
  switch (spec.kind) {
    case 'text':
      return toText(value)
    case 'number': {
      const num = typeof value === 'number' ? value : typeof value === 'string' ? parseNumeric(value) : null
      if (num === null || !Number.isFinite(num)) fail(key, `${JSON.stringify(value)} is not a number`)
      return num
    }
    case 'boolean':
      return toBoolean(key, value)
    case 'time':
      return toTime(key, value)
  }
}

function toBoolean(key: string, value: string | number | boolean): boolean {
  if (value === true || value === 'true' || value === 1 || value === '1') return true
  if (value === false || value === 'false' || value === 0 || value === '0') return false
  return fail(key, `${JSON.stringify(value)} is not a boolean`)
}

/** Numbers are milliseconds since the epoch; strings are ISO-8601 dates or such millisecond counts. */
function toTime(key: string, value: string | number | boolean): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const num = parseNumeric(value)
    if (num !== null) return num
    const parsed = Date.parse(value)
    if (!Number.isNaN(parsed)) return parsed
  }
  return fail(key, `${JSON.stringify(value)} is not a date`)
}

function toText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value)
}

export function parseNumeric(text: string): number | null {
  return text.trim() === '' ? null : finiteOrNull(Number(text))
}

function finiteOrNull(num: number): number | null {
  return Number.isFinite(num) ? num : null
}

function fail(key: string, problem: string): never {
  throw new Error(`Invalid log filter "${key}": ${problem}`)
}
