import { Context } from 'mingo/core'
import { $eq, $gt, $gte, $in, $lt, $lte, $ne, $nin } from 'mingo/operators/query/comparison'
import { $exists } from 'mingo/operators/query/element'
import { $and, $not, $or } from 'mingo/operators/query/logical'
import { Query } from 'mingo/query'
import type { ElementProblems } from './problems.js'

/**
 * F191: conditions are MongoDB-style queries over `{ metadata, headers, body }`. Only these operators exist,
 * and mingo runs with a context holding exactly them, so an operator that slipped past validation (`$where`,
 * `$expr`, `$regex`) could not run either.
 */
const FIELD_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$not',
] as const
const LOGICAL_OPERATORS = ['$and', '$or'] as const
const SUPPORTED = [...FIELD_OPERATORS, ...LOGICAL_OPERATORS].join(', ')
const ROOTS = ['metadata', 'headers', 'body'] as const
const MAX_DEPTH = 10

const context = Context.init({
  query: { $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $and, $or, $not },
})

/** What a condition is evaluated against: the request's metadata (F110), headers (lower-case names) and body. */
export interface ConditionDocument {
  readonly metadata: Readonly<Record<string, unknown>>
  readonly headers: Readonly<Record<string, unknown>>
  readonly body: unknown
}

export type Predicate = (document: ConditionDocument) => boolean

/** Checks a condition as saved; problems name the element and the exact place (`condition.$or[1].metadata.plan`). */
export function checkCondition(value: unknown, problems: ElementProblems, field: string[]): boolean {
  const before = problems.count
  checkQuery(value, problems, field, 0)
  return problems.count === before
}

/**
 * Compiles a checked condition. Header names are case-insensitive, so `headers.X-Plan` reads the
 * `x-plan` header; the stored condition keeps the client's spelling.
 */
export function compileCondition(condition: Readonly<Record<string, unknown>>): Predicate {
  const query = new Query(lowerHeaderPaths(condition) as Record<string, unknown>, { context })
  return (document) => query.test(document as unknown as Record<string, unknown>)
}

function checkQuery(value: unknown, problems: ElementProblems, field: string[], depth: number): void {
  if (!isPlainObject(value)) {
    problems.add(field, 'must be an object of conditions, e.g. {"metadata.plan": {"$eq": "free"}}')
    return
  }
  if (depth > MAX_DEPTH) {
    problems.add(field, `nests deeper than ${MAX_DEPTH} levels`)
    return
  }
  if (depth === 0 && Object.keys(value).length === 0) {
    problems.add(field, 'must name at least one field, e.g. {"metadata.plan": {"$eq": "free"}}')
  }
  for (const [key, inner] of Object.entries(value)) {
    const at = [...field, key]
    if (key === '$and' || key === '$or') checkList(inner, problems, at, depth)
    else if (key.startsWith('$')) problems.add(at, unsupported(key))
    else if (checkPath(key, problems, at)) checkFieldValue(inner, problems, at, depth)
  }
}

function checkList(value: unknown, problems: ElementProblems, field: string[], depth: number): void {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(field, 'must be a non-empty array of conditions')
    return
  }
  value.forEach((item, index) => checkQuery(item, problems, [...field, String(index)], depth + 1))
}

function checkPath(path: string, problems: ElementProblems, field: string[]): boolean {
  const [root, ...rest] = path.split('.')
  if (!ROOTS.includes(root as (typeof ROOTS)[number]) || rest.length === 0 || rest.some((s) => s === '')) {
    problems.add(field, 'fields are paths under metadata., headers. or body., e.g. "metadata.plan"')
    return false
  }
  return true
}

/** A literal (implicit `$eq`), or an object of field operators; the two cannot be mixed. */
function checkFieldValue(value: unknown, problems: ElementProblems, field: string[], depth: number): void {
  if (!isPlainObject(value)) return
  const keys = Object.keys(value)
  const operators = keys.filter((key) => key.startsWith('$'))
  if (operators.length === 0) return
  if (operators.length !== keys.length) {
    problems.add(field, 'mixes operators and plain fields; write {"$eq": {…}} to compare with an object')
    return
  }
  for (const operator of operators)
    checkOperator(operator, value[operator], problems, [...field, operator], depth)
}

function checkOperator(
  operator: string,
  operand: unknown,
  problems: ElementProblems,
  field: string[],
  depth: number,
): void {
  if (!(FIELD_OPERATORS as readonly string[]).includes(operator)) {
    problems.add(field, unsupported(operator))
  } else if ((operator === '$in' || operator === '$nin') && !Array.isArray(operand)) {
    problems.add(field, 'must be an array of values')
  } else if (operator === '$exists' && typeof operand !== 'boolean') {
    problems.add(field, 'must be true or false')
  } else if (operator === '$not') {
    const keys = isPlainObject(operand) ? Object.keys(operand) : []
    if (keys.length === 0 || keys.some((key) => !key.startsWith('$'))) {
      problems.add(field, 'must be an object of operators, e.g. {"$not": {"$eq": "free"}}')
    } else if (depth < MAX_DEPTH) {
      for (const key of keys)
        checkOperator(key, (operand as Record<string, unknown>)[key], problems, [...field, key], depth + 1)
    } else {
      problems.add(field, `nests deeper than ${MAX_DEPTH} levels`)
    }
  }
}

function unsupported(operator: string): string {
  return `operator ${operator} is not supported; use ${SUPPORTED}`
}

function lowerHeaderPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerHeaderPaths)
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    const name = key.startsWith('headers.') ? key.toLowerCase() : key
    out[name] = key.startsWith('$') ? lowerHeaderPaths(inner) : inner
  }
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
