import type { LogFilter, LogOrderKey, LogQuery } from '../core/log-entry.js'
import { isFilterParam, readFilters } from './log-filters.js'
import {
  invalidParam,
  queryBool,
  queryDate,
  queryEnum,
  queryInt,
  queryNumber,
  queryString,
  readPaging,
  rejectUnknownParams,
} from './query-params.js'

/** Query strings of `GET/DELETE …/gateways/{id}/logs` (F250, F253) → the store's LogQuery. */
export const DEFAULT_LOGS_PER_PAGE = 20
export const MAX_LOGS_PER_PAGE = 50

const orderKeys = [
  'created_at',
  'provider',
  'model',
  'model_type',
  'success',
  'cached',
  'cost',
  'tokens_in',
  'tokens_out',
  'duration',
] as const satisfies readonly LogOrderKey[]

const directions = ['asc', 'desc'] as const

interface Scope {
  accountId: string
  gatewayId: string
}

export interface LogListRequest {
  query: LogQuery
  metaInfo: boolean
}

/** Deprecated flat list parameters, each one filter (kept because older clients and the dashboard send them). */
const legacyEquals = [
  'provider',
  'model',
  'model_type',
  'request_content_type',
  'response_content_type',
] as const
const legacyBooleans = ['cached', 'success'] as const
const legacyRanges = [
  ['cost', 'cost'],
  ['duration', 'duration'],
  ['tokens_in', 'tokens_in'],
  ['tokens_out', 'tokens_out'],
  ['total_tokens', 'tokens'],
] as const

const listParams = new Set<string>([
  'page',
  'per_page',
  'search',
  'order_by',
  'order_by_direction',
  'direction',
  'meta_info',
  'feedback',
  'start_date',
  'end_date',
  ...legacyEquals,
  ...legacyBooleans,
  ...legacyRanges.flatMap(([name]) => [`min_${name}`, `max_${name}`]),
])

export function logListQuery(scope: Scope, query: URLSearchParams): LogListRequest {
  rejectUnknownParams(query, (name) => listParams.has(name) || isFilterParam(name))
  const { page, perPage } = readPaging(query, DEFAULT_LOGS_PER_PAGE, MAX_LOGS_PER_PAGE)
  const search = queryString(query, 'search')?.trim()
  return {
    query: {
      ...scope,
      filters: [...readFilters(query), ...legacyFilters(query)],
      ...(search ? { search } : {}),
      ...readOrder(query),
      page,
      perPage,
    },
    metaInfo: queryBool(query, 'meta_info') ?? false,
  }
}

const deleteParams = new Set(['limit', 'order_by', 'order_by_direction'])

/** F250: with no filters every log of the gateway goes; `limit` caps it, taking rows in `order_by` order. */
export function logDeleteQuery(scope: Scope, query: URLSearchParams): LogQuery {
  rejectUnknownParams(query, (name) => deleteParams.has(name) || isFilterParam(name))
  const limit = queryInt(query, 'limit', 1)
  return {
    ...scope,
    filters: readFilters(query),
    // A limited delete with no explicit order frees space the way F249's auto-deletion does: oldest first.
    ...readOrder(query, 'asc'),
    page: 1,
    perPage: 1,
    ...(limit !== undefined ? { limit } : {}),
  }
}

function readOrder(
  query: URLSearchParams,
  defaultDirection: 'asc' | 'desc' = 'desc',
): Pick<LogQuery, 'orderBy' | 'direction'> {
  if (query.get('order_by') === 'feedback') {
    throw invalidParam('order_by', 'feedback is not supported yet; order by one of ' + orderKeys.join(', '))
  }
  const orderBy = queryEnum(query, 'order_by', orderKeys) ?? 'created_at'
  const direction =
    queryEnum(query, 'order_by_direction', directions) ?? queryEnum(query, 'direction', directions)
  return { orderBy, direction: direction ?? defaultDirection }
}

function legacyFilters(query: URLSearchParams): LogFilter[] {
  const filters: LogFilter[] = []
  for (const name of legacyEquals) {
    const value = queryString(query, name)
    if (value !== undefined) filters.push({ key: name, operator: 'eq', value: [value] })
  }
  for (const name of legacyBooleans) {
    const value = queryBool(query, name)
    if (value !== undefined) filters.push({ key: name, operator: 'eq', value: [value] })
  }
  const feedback = queryInt(query, 'feedback', -1, 1)
  if (feedback !== undefined) filters.push({ key: 'feedback', operator: 'eq', value: [feedback] })
  pushRange(filters, 'created_at', queryDate(query, 'start_date'), queryDate(query, 'end_date'))
  for (const [name, key] of legacyRanges) {
    pushRange(filters, key, queryNumber(query, `min_${name}`), queryNumber(query, `max_${name}`))
  }
  return filters
}

/** min/max are inclusive, the store's lt/gt strict: step to the adjacent double so the bound itself matches. */
function pushRange(
  filters: LogFilter[],
  key: string,
  min: number | undefined,
  max: number | undefined,
): void {
  if (min !== undefined) filters.push({ key, operator: 'gt', value: [nextDown(min)] })
  if (max !== undefined) filters.push({ key, operator: 'lt', value: [nextUp(max)] })
}

export function nextUp(x: number): number {
  return -nextDown(-x)
}

export function nextDown(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return x
  if (x === 0) return -Number.MIN_VALUE
  const bits = new Float64Array([x])
  const ints = new BigInt64Array(bits.buffer)
  ints[0] = (ints[0] ?? 0n) + (x > 0 ? -1n : 1n)
  return bits[0] ?? x
}
