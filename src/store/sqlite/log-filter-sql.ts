import type { ColumnValue } from '../log-query/log-filter-keys.js'
import type {
  MetadataOperand,
  NormalizedFilter,
  NormalizedLogQuery,
} from '../log-query/normalize-log-query.js'
import { ICONTAINS } from './open-database.js'

/**
 * Compiles a normalized log query to SQLite. Column names come from the key catalog, never from
 * the caller; every caller-supplied value is a bound parameter. Semantics mirror
 * memory/match-log-entry.ts, which the shared contract suite holds both to.
 */
export type SqlParam = string | number | null

export interface SqlFragment {
  sql: string
  params: SqlParam[]
}

/** Conditions after `logs.scope = ?`, each prefixed with AND; empty when nothing filters. */
export function logConditions(query: NormalizedLogQuery): SqlFragment {
  const parts = query.filters.map(filterSql)
  if (query.search !== null) parts.push(searchSql(query.search))
  return {
    sql: parts.map((p) => ` AND ${p.sql}`).join(''),
    params: parts.flatMap((p) => p.params),
  }
}

/** Ties break on created_at, then id, all in the query's direction (see compareLogEntries). */
export function logOrder(query: Pick<NormalizedLogQuery, 'order' | 'direction'>): string {
  const dir = query.direction === 'asc' ? 'ASC' : 'DESC'
  const columns =
    query.order.column === 'created_at' ? ['created_at', 'id'] : [query.order.column, 'created_at', 'id']
  return `ORDER BY ${columns.map((c) => `logs.${c} ${dir}`).join(', ')}`
}

function filterSql(filter: NormalizedFilter): SqlFragment {
  switch (filter.target) {
    case 'column':
      return columnSql(`logs.${filter.spec.column}`, filter.operator, filter.values)
    case 'metadata-key':
      return metadataKeySql(filter.operator, filter.values)
    case 'metadata-value':
      return metadataValueSql(filter)
  }
}

function columnSql(
  column: string,
  operator: NormalizedFilter['operator'],
  values: ColumnValue[],
): SqlFragment {
  const params = values.filter((v) => v !== null).map(toParam)
  switch (operator) {
    case 'eq':
    case 'neq': {
      const alternatives: string[] = []
      if (params.length > 0) alternatives.push(`${column} IN (${params.map(() => '?').join(', ')})`)
      if (values.includes(null)) alternatives.push(`${column} IS NULL`)
      const eq = `(${alternatives.join(' OR ')})`
      // coalesce: `NULL IN (…)` is NULL, and neq must be exactly "not eq" for NULL columns too.
      return { sql: operator === 'eq' ? eq : `NOT coalesce(${eq}, 0)`, params }
    }
    case 'contains':
      return { sql: `(${params.map(() => `${ICONTAINS}(${column}, ?)`).join(' OR ')})`, params }
    case 'lt':
      return { sql: `${column} < ?`, params }
    case 'gt':
      return { sql: `${column} > ?`, params }
  }
}

function toParam(value: string | number | boolean): SqlParam {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

const EACH = 'SELECT 1 FROM json_each(logs.metadata) AS m WHERE'
/** Canonical text of a metadata value (booleans arrive from json_each as 1/0). */
const TEXT_FORM = `CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE m.value END`
const NUMERIC = `m.type IN ('integer', 'real')`

function metadataKeySql(operator: 'eq' | 'neq' | 'contains', keys: string[]): SqlFragment {
  if (operator === 'contains') {
    return { sql: `EXISTS (${EACH} ${keys.map(() => `${ICONTAINS}(m.key, ?)`).join(' OR ')})`, params: keys }
  }
  const exists = `EXISTS (${EACH} m.key IN (${keys.map(() => '?').join(', ')}))`
  return { sql: operator === 'eq' ? exists : `NOT ${exists}`, params: keys }
}

type MetadataValueFilter = Extract<NormalizedFilter, { target: 'metadata-value' }>

function metadataValueSql(filter: MetadataValueFilter): SqlFragment {
  const keyCondition = filter.name === null ? '' : 'm.key = ? AND '
  const keyParams: SqlParam[] = filter.name === null ? [] : [filter.name]
  const within = (condition: SqlFragment): SqlFragment => ({
    sql: `EXISTS (${EACH} ${keyCondition}(${condition.sql}))`,
    params: [...keyParams, ...condition.params],
  })
  switch (filter.operator) {
    case 'eq':
    case 'neq': {
      const alternatives: SqlFragment[] = []
      if (filter.values.length > 0) alternatives.push(within(anyOf(filter.values.map(equalsOperand))))
      if (filter.matchesAbsent)
        alternatives.push({ sql: `NOT EXISTS (${EACH} m.key = ?)`, params: keyParams })
      const eq = anyOf(alternatives)
      return filter.operator === 'eq' ? eq : { sql: `NOT ${eq.sql}`, params: eq.params }
    }
    case 'contains':
      return within(
        anyOf(filter.values.map((op) => ({ sql: `${ICONTAINS}(${TEXT_FORM}, ?)`, params: [op.text] }))),
      )
    case 'lt':
    case 'gt': {
      const bound = filter.values[0]?.num ?? null
      return within({
        sql: `${NUMERIC} AND m.value ${filter.operator === 'lt' ? '<' : '>'} ?`,
        params: [bound],
      })
    }
  }
}

function equalsOperand(op: MetadataOperand): SqlFragment {
  const sql = [`(m.type = 'text' AND m.value = ?)`, `(m.type IN ('true', 'false') AND m.type = ?)`]
  const params: SqlParam[] = [op.text, op.text]
  if (op.num !== null) {
    sql.push(`(${NUMERIC} AND m.value = ?)`)
    params.push(op.num)
  }
  return { sql: sql.join(' OR '), params }
}

function anyOf(fragments: SqlFragment[]): SqlFragment {
  return { sql: `(${fragments.map((f) => f.sql).join(' OR ')})`, params: fragments.flatMap((f) => f.params) }
}

/** Search covers id, provider, model, path and metadata keys and values (F260, F330). */
function searchSql(needle: string): SqlFragment {
  const fields = ['logs.id', 'logs.provider', 'logs.model', 'logs.path'].map((c) => `${ICONTAINS}(${c}, ?)`)
  const metadata = `EXISTS (${EACH} ${ICONTAINS}(m.key, ?) OR ${ICONTAINS}(${TEXT_FORM}, ?))`
  return { sql: `(${[...fields, metadata].join(' OR ')})`, params: Array<SqlParam>(6).fill(needle) }
}
