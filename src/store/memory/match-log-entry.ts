import type { LogEntry } from '../../core/log-entry.js'
import type { ColumnKey, ColumnValue } from '../log-query/log-filter-keys.js'
import type {
  MetadataOperand,
  NormalizedFilter,
  NormalizedLogQuery,
} from '../log-query/normalize-log-query.js'
import { containsFolded } from '../paging.js'

/** The in-memory twin of the SQL WHERE clause built in sqlite/log-filter-sql.ts; same semantics. */
export function matchesLogQuery(entry: LogEntry, query: NormalizedLogQuery): boolean {
  if (query.search !== null && !matchesSearch(entry, query.search)) return false
  return query.filters.every((filter) => matchesFilter(entry, filter))
}

function matchesFilter(entry: LogEntry, filter: NormalizedFilter): boolean {
  switch (filter.target) {
    case 'column':
      return matchesColumn(filter.spec.read(entry), filter.operator, filter.values)
    case 'metadata-key': {
      const keys = Object.keys(entry.metadata)
      if (filter.operator === 'contains') {
        return keys.some((k) => filter.values.some((needle) => containsFolded(k, needle)))
      }
      const found = keys.some((k) => filter.values.includes(k))
      return filter.operator === 'eq' ? found : !found
    }
    case 'metadata-value':
      return matchesMetadataValue(entry.metadata, filter)
  }
}

function matchesColumn(
  actual: ColumnValue,
  operator: NormalizedFilter['operator'],
  values: ColumnValue[],
): boolean {
  switch (operator) {
    case 'eq':
      return values.includes(actual)
    case 'neq':
      return !values.includes(actual)
    case 'contains':
      return actual !== null && values.some((needle) => containsFolded(String(actual), String(needle)))
    case 'lt':
      return actual !== null && values[0] !== undefined && values[0] !== null && actual < values[0]
    case 'gt':
      return actual !== null && values[0] !== undefined && values[0] !== null && actual > values[0]
  }
}

type MetadataValueFilter = Extract<NormalizedFilter, { target: 'metadata-value' }>

function matchesMetadataValue(metadata: LogEntry['metadata'], filter: MetadataValueFilter): boolean {
  const present = filter.name === null || Object.hasOwn(metadata, filter.name)
  const candidates = filter.name === null ? Object.values(metadata) : present ? [metadata[filter.name]] : []
  const scalars = candidates.filter((v): v is string | number | boolean => v !== undefined && v !== null)
  switch (filter.operator) {
    case 'eq':
    case 'neq': {
      const found =
        (filter.matchesAbsent && !present) ||
        scalars.some((v) => filter.values.some((op) => equalsOperand(v, op)))
      return filter.operator === 'eq' ? found : !found
    }
    case 'contains':
      return scalars.some((v) => filter.values.some((op) => containsFolded(String(v), op.text)))
    case 'lt':
    case 'gt': {
      const bound = filter.values[0]?.num
      if (bound === undefined || bound === null) return false
      return scalars.some((v) => typeof v === 'number' && (filter.operator === 'lt' ? v < bound : v > bound))
    }
  }
}

function equalsOperand(value: string | number | boolean, operand: MetadataOperand): boolean {
  if (typeof value === 'number') return operand.num !== null && value === operand.num
  return String(value) === operand.text
}

/** Metadata text for search: keys and values in their canonical text form. */
function matchesSearch(entry: LogEntry, needle: string): boolean {
  const fields = [entry.id, entry.provider, entry.model, entry.path]
  if (fields.some((field) => containsFolded(field, needle))) return true
  return Object.entries(entry.metadata).some(
    ([k, v]) => containsFolded(k, needle) || (v !== null && containsFolded(String(v), needle)),
  )
}

/**
 * Ties break on created_at, then id, in the same direction: within one provider, "desc" lists the
 * newest first, and the order is total, so pages never overlap.
 */
export function compareLogEntries(
  order: ColumnKey,
  direction: 'asc' | 'desc',
): (a: LogEntry, b: LogEntry) => number {
  const sign = direction === 'asc' ? 1 : -1
  return (a, b) =>
    sign *
    (compareValues(order.read(a), order.read(b)) ||
      compareValues(a.createdAt, b.createdAt) ||
      compareValues(a.id, b.id))
}

function compareValues(a: ColumnValue, b: ColumnValue): number {
  // NULL sorts first ascending, as in SQLite.
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : a > b ? 1 : 0
}
