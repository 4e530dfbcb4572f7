import type { LogFilter, LogFilterOperator } from '../core/log-entry.js'
import { validationError, type ErrorPath } from './admin-errors.js'
import { preview } from './validation.js'

/**
 * `filters` of the logs list/delete endpoints (F251, F253), read from the query string in every form a
 * client produces: the `cloudflare` SDK's (`allowDots` + repeated arrays:
 * `filters.key=provider&filters.operator=eq&filters.value=openai&filters.key=cost…`, one filter starting at
 * each `key`), indexed (`filters[0][key]=…`, `filters[0].value[1]=…`) and a JSON array in `filters`.
 * Values arrive as text, so each is typed by its key here; the SDK sends a `null` value as an empty string.
 */
type Scalar = string | number | boolean | null
type Kind = 'text' | 'number' | 'boolean' | 'time' | 'metadata-key' | 'metadata-value'

interface KeySpec {
  kind: Kind
  nullable?: boolean
  allowed?: readonly string[]
}

const keySpecs: ReadonlyMap<string, KeySpec> = new Map<string, KeySpec>([
  ['id', { kind: 'text' }],
  ['event_id', { kind: 'text' }],
  ['created_at', { kind: 'time' }],
  ['request_content_type', { kind: 'text' }],
  ['response_content_type', { kind: 'text' }],
  ['request_type', { kind: 'text' }],
  ['provider', { kind: 'text' }],
  ['model', { kind: 'text' }],
  ['model_type', { kind: 'text' }],
  ['success', { kind: 'boolean' }],
  ['cached', { kind: 'boolean' }],
  ['authentication', { kind: 'boolean' }],
  ['cost', { kind: 'number' }],
  ['tokens', { kind: 'number' }],
  ['tokens_in', { kind: 'number' }],
  ['tokens_out', { kind: 'number' }],
  ['duration', { kind: 'number' }],
  ['status_code', { kind: 'number' }],
  ['feedback', { kind: 'number', nullable: true }],
  ['dlp_action', { kind: 'text', nullable: true, allowed: ['FLAG', 'BLOCK'] }],
  ['metadata.key', { kind: 'metadata-key' }],
  ['metadata.value', { kind: 'metadata-value' }],
])

/** In the SDK's key list, but aigw records nothing they could match. */
const unsupportedKeys = new Set(['wholesale', 'compatibilityMode', 'user_agent'])

const operatorsByKind: Record<Kind, readonly LogFilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'lt', 'gt'],
  number: ['eq', 'neq', 'lt', 'gt'],
  boolean: ['eq', 'neq'],
  time: ['eq', 'neq', 'lt', 'gt'],
  'metadata-key': ['eq', 'neq', 'contains'],
  'metadata-value': ['eq', 'neq', 'contains', 'lt', 'gt'],
}

interface RawFilter {
  key?: unknown
  operator?: unknown
  value: unknown[]
}

const INDEXED = /^filters\[(\d+)\](?:\[(key|operator|value)\]|\.(key|operator|value))(?:\[\d*\])?$/

export function isFilterParam(name: string): boolean {
  return (
    name === 'filters' ||
    name === 'filters.key' ||
    name === 'filters.operator' ||
    name === 'filters.value' ||
    INDEXED.test(name)
  )
}

export function readFilters(query: URLSearchParams): LogFilter[] {
  const raw = [...readDotted(query), ...readIndexed(query), ...readJson(query)]
  return raw.map((filter, index) => toLogFilter(filter, ['query', 'filters', index]))
}

function readDotted(query: URLSearchParams): RawFilter[] {
  const filters: RawFilter[] = []
  let current: RawFilter | undefined
  for (const [name, value] of query) {
    if (name === 'filters.key' || name === 'filters.operator') {
      const field = name === 'filters.key' ? 'key' : 'operator'
      if (!current || current[field] !== undefined) filters.push((current = { value: [] }))
      current[field] = value
    } else if (name === 'filters.value') {
      if (!current) filters.push((current = { value: [] }))
      current.value.push(value)
    }
  }
  return filters
}

function readIndexed(query: URLSearchParams): RawFilter[] {
  const byIndex = new Map<number, RawFilter>()
  for (const [name, value] of query) {
    const match = INDEXED.exec(name)
    if (!match) continue
    const index = Number(match[1])
    const field = (match[2] ?? match[3]) as 'key' | 'operator' | 'value'
    const filter = byIndex.get(index) ?? { value: [] }
    byIndex.set(index, filter)
    if (field === 'value') filter.value.push(value)
    else filter[field] = value
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, filter]) => filter)
}

function readJson(query: URLSearchParams): RawFilter[] {
  return query.getAll('filters').flatMap((text) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw problem(
        ['query', 'filters'],
        'filters must be a JSON array of {key, operator, value} when given as one parameter',
      )
    }
    const list = Array.isArray(parsed) ? parsed : [parsed]
    return list.map((item, index): RawFilter => {
      if (typeof item !== 'object' || item === null) {
        throw problem(
          ['query', 'filters', index],
          `filters[${index}] must be an object {key, operator, value}`,
        )
      }
      const { key, operator, value } = item as Record<string, unknown>
      return { key, operator, value: Array.isArray(value) ? value : value === undefined ? [] : [value] }
    })
  })
}

function toLogFilter(raw: RawFilter, at: ErrorPath): LogFilter {
  const name = `filters[${String(at[2])}]`
  if (typeof raw.key !== 'string' || raw.key === '') throw problem([...at, 'key'], `${name}.key is required`)
  const key = raw.key
  const spec = specFor(key)
  if (!spec) {
    const why = unsupportedKeys.has(key)
      ? 'is not recorded by aigw, so logs cannot be filtered by it'
      : 'is not a log filter key'
    throw problem([...at, 'key'], `${name}.key ${preview(key)} ${why}`)
  }
  const operators = operatorsByKind[spec.kind]
  const operator = operators.find((op) => op === raw.operator)
  if (!operator) {
    throw problem(
      [...at, 'operator'],
      `${name}.operator must be one of ${operators.join(', ')} for "${key}", got ${preview(raw.operator ?? null)}`,
    )
  }
  if (raw.value.length === 0) throw problem([...at, 'value'], `${name}.value must hold at least one value`)
  if ((operator === 'lt' || operator === 'gt') && raw.value.length !== 1) {
    throw problem([...at, 'value'], `${name}.value must hold exactly one value for operator ${operator}`)
  }
  const value = raw.value.map((item, i) => coerce(item, key, spec, operator, [...at, 'value', i]))
  return { key, operator, value }
}

function specFor(key: string): KeySpec | undefined {
  const spec = keySpecs.get(key)
  if (spec) return spec
  // F330: `metadata.<name>` compares the value of one metadata key.
  if (key.startsWith('metadata.') && key.length > 'metadata.'.length)
    return { kind: 'metadata-value', nullable: true }
  return undefined
}

function coerce(
  item: unknown,
  key: string,
  spec: KeySpec,
  operator: LogFilterOperator,
  at: ErrorPath,
): Scalar {
  const label = `${key} value ${preview(item)}`
  const isScalar = item === null || ['string', 'number', 'boolean'].includes(typeof item)
  if (!isScalar) throw problem(at, `${label} must be a string, number, boolean or null`)
  const value = item as Scalar
  // The SDK serialises null as an empty string; for nullable columns that is the only way to ask for "none".
  const isNull = value === null || (value === '' && spec.nullable === true && spec.kind !== 'metadata-value')
  if (isNull) {
    if (spec.nullable === true && (operator === 'eq' || operator === 'neq')) return null
    throw problem(at, `${key} cannot be compared with null using ${operator}`)
  }
  switch (spec.kind) {
    case 'text':
    case 'metadata-key':
      return textValue(String(value), spec, label, at)
    case 'metadata-value':
      return value as string | number | boolean
    case 'number': {
      const num =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN
      if (!Number.isFinite(num)) throw problem(at, `${label} must be a number`)
      return num
    }
    case 'boolean':
      if (value === true || value === 'true' || value === '1' || value === 1) return true
      if (value === false || value === 'false' || value === '0' || value === 0) return false
      throw problem(at, `${label} must be true or false`)
    case 'time':
      return timeValue(value, label, at)
  }
}

function textValue(text: string, spec: KeySpec, label: string, at: ErrorPath): string {
  if (!spec.allowed) return text
  const found = spec.allowed.find((allowed) => allowed === text.toUpperCase())
  if (!found) throw problem(at, `${label} must be one of ${spec.allowed.join(', ')}`)
  return found
}

/** Log times are milliseconds since the epoch; clients send ISO 8601 or such millisecond counts. */
function timeValue(value: Scalar, label: string, at: ErrorPath): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const asNumber = Number(value)
    if (value.trim() !== '' && Number.isFinite(asNumber)) return asNumber
    const parsed = Date.parse(value)
    if (!Number.isNaN(parsed)) return parsed
  }
  throw problem(at, `${label} must be an ISO 8601 date-time or milliseconds since the epoch`)
}

function problem(path: ErrorPath, message: string) {
  return validationError([{ message, path }])
}
