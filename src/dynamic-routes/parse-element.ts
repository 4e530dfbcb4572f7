import { CUSTOM_PREFIX, providerByCompatPrefix } from '../providers/index.js'
import { checkCondition } from './condition.js'
import {
  MAX_INTERVAL_SECONDS,
  MAX_PERCENTAGE_OUTPUTS,
  MAX_RETRIES,
  MAX_TIMEOUT_MS,
  type LimitTechnique,
  type LimitType,
  type Output,
  type RouteElement,
} from './elements.js'
import { PERCENT_EPSILON, parsePercentLabel } from './percentage.js'
import type { ElementProblems } from './problems.js'

type Json = Record<string, unknown>

/** F345: the public API schema's spellings, accepted on input and never emitted. */
const TYPE_ALIASES: Readonly<Record<string, RouteElement['type']>> = { rate: 'rate_limit' }
const TYPES: ReadonlySet<string> = new Set([
  'start',
  'conditional',
  'percentage',
  'rate_limit',
  'model',
  'end',
])
const ELEMENT_KEYS = new Set(['id', 'type', 'outputs', 'properties'])
const LIMIT_KEY_ROOTS = ['metadata.', 'headers.', 'body.']

/**
 * One element as the client sent it (docs or SDK spelling, F345) → the docs' spelling (F189–F195), or
 * undefined with the problems added. The id and type are read first so every message can name the element.
 */
export function parseElement(raw: unknown, problems: ElementProblems): RouteElement | undefined {
  if (!isObject(raw)) {
    problems.add([], 'must be an object with id, type and outputs')
    return undefined
  }
  const before = problems.count
  for (const key of Object.keys(raw)) {
    if (!ELEMENT_KEYS.has(key))
      problems.add([key], 'is not a recognised field (id, type, outputs, properties)')
  }
  const id = raw.id
  const type = typeof raw.type === 'string' ? (TYPE_ALIASES[raw.type] ?? raw.type) : undefined
  if (type === undefined || !TYPES.has(type)) {
    problems.add(
      ['type'],
      `must be one of start, conditional, percentage, rate_limit (or rate), model, end; got ${show(raw.type)}`,
    )
    return undefined
  }
  if (typeof id !== 'string' || id === '' || id.length > 128) return undefined
  const element = parseTyped(type as RouteElement['type'], id, raw, problems)
  return problems.count === before ? element : undefined
}

function parseTyped(
  type: RouteElement['type'],
  id: string,
  raw: Json,
  problems: ElementProblems,
): RouteElement | undefined {
  switch (type) {
    case 'start': {
      noProperties(raw, problems)
      const next = outputs(raw, problems, ['next'], [])?.next
      return next ? { id, type, outputs: { next } } : undefined
    }
    case 'conditional':
      return conditional(id, raw, problems)
    case 'percentage':
      noProperties(raw, problems)
      return { id, type, outputs: percentageOutputs(raw, problems) }
    case 'rate_limit':
      return rateLimit(id, raw, problems)
    case 'model':
      return model(id, raw, problems)
    case 'end':
      noProperties(raw, problems)
      if (isObject(raw.outputs) && Object.keys(raw.outputs).length > 0)
        problems.add(['outputs'], 'an end element has no outputs')
      else if (raw.outputs !== undefined && !isObject(raw.outputs))
        problems.add(['outputs'], 'must be an object')
      return { id, type }
  }
}

function conditional(id: string, raw: Json, problems: ElementProblems): RouteElement | undefined {
  const props = properties(raw, problems, ['condition', 'conditions'])
  const out = outputs(raw, problems, ['true', 'false'], [])
  if (!props || !out) return undefined
  if (props.condition !== undefined && props.conditions !== undefined) {
    problems.add(['properties', 'conditions'], 'send condition (docs) or conditions (API schema), not both')
    return undefined
  }
  const name = props.condition !== undefined ? 'condition' : 'conditions'
  const condition = props[name]
  if (condition === undefined) {
    problems.add(['properties', 'condition'], 'is required, e.g. {"metadata.plan": {"$eq": "free"}}')
    return undefined
  }
  if (!checkCondition(condition, problems, ['properties', name])) return undefined
  return {
    id,
    type: 'conditional',
    properties: { condition: condition as Json },
    outputs: { true: out.true!, false: out.false! },
  }
}

/** F192: up to five `"<n>%"` outputs and an optional `else`; shares total 100 % unless `else` takes the rest. */
function percentageOutputs(raw: Json, problems: ElementProblems): Record<string, Output> {
  if (!isObject(raw.outputs)) {
    problems.add(['outputs'], 'is required: {"10%": {"elementId": …}, "else": {"elementId": …}}')
    return {}
  }
  const out: Record<string, Output> = {}
  let total = 0
  let named = 0
  for (const [label, value] of Object.entries(raw.outputs)) {
    const output = outputTarget(value, problems, ['outputs', label])
    if (label === 'else') {
      if (output) out[label] = output
      continue
    }
    const percent = parsePercentLabel(label)
    if (percent === undefined) {
      problems.add(['outputs', label], 'output names are percentages in (0, 100] such as "10%", or "else"')
      continue
    }
    named += 1
    total += percent
    if (output) out[label] = output
  }
  if (named === 0) problems.add(['outputs'], 'needs at least one percentage output such as "50%"')
  if (named > MAX_PERCENTAGE_OUTPUTS)
    problems.add(
      ['outputs'],
      `has ${named} percentage outputs; at most ${MAX_PERCENTAGE_OUTPUTS} are allowed`,
    )
  if (total > 100 + PERCENT_EPSILON)
    problems.add(['outputs'], `shares add up to ${round(total)}%, more than 100%`)
  else if (out.else === undefined && named > 0 && total < 100 - PERCENT_EPSILON)
    problems.add(
      ['outputs'],
      `shares add up to ${round(total)}%; they must total 100% or an "else" output must take the rest`,
    )
  return out
}

function rateLimit(id: string, raw: Json, problems: ElementProblems): RouteElement | undefined {
  const props = properties(raw, problems, ['limitType', 'key', 'limit', 'interval', 'window', 'technique'])
  const out = outputs(raw, problems, ['success'], ['fallback'])
  if (!props || !out) return undefined
  const limitType = oneOf<LimitType>(props.limitType, ['count', 'cost'], problems, [
    'properties',
    'limitType',
  ])
  const key = props.key
  if (
    typeof key !== 'string' ||
    !LIMIT_KEY_ROOTS.some((root) => key.startsWith(root) && key.length > root.length)
  ) {
    problems.add(
      ['properties', 'key'],
      'must be a request field under metadata., headers. or body., e.g. "metadata.user_id"',
    )
  }
  const limit = props.limit
  if (limitType === 'count' && !(Number.isSafeInteger(limit) && (limit as number) >= 1)) {
    problems.add(['properties', 'limit'], 'must be a whole number of requests ≥ 1')
  } else if (limitType === 'cost' && !(typeof limit === 'number' && Number.isFinite(limit) && limit > 0)) {
    problems.add(['properties', 'limit'], 'must be a cost in USD greater than 0')
  }
  const interval = intervalOf(props, problems)
  const technique =
    props.technique === undefined
      ? 'fixed'
      : oneOf<LimitTechnique>(props.technique, ['fixed', 'sliding'], problems, ['properties', 'technique'])
  if (!limitType || typeof key !== 'string' || interval === undefined || !technique) return undefined
  return {
    id,
    type: 'rate_limit',
    properties: { limitType, key, limit: limit as number, interval, technique },
    outputs: withFallback(out),
  }
}

/** F345: `interval` (docs) or `window` (API schema), whole seconds. */
function intervalOf(props: Json, problems: ElementProblems): number | undefined {
  if (props.interval !== undefined && props.window !== undefined && props.interval !== props.window) {
    problems.add(
      ['properties', 'window'],
      'send interval (docs) or window (API schema), not two different values',
    )
    return undefined
  }
  const name = props.interval !== undefined ? 'interval' : 'window'
  const value = props[name]
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_INTERVAL_SECONDS) {
    problems.add(
      ['properties', name === 'window' && value !== undefined ? 'window' : 'interval'],
      `must be a whole number of seconds from 1 to ${MAX_INTERVAL_SECONDS}`,
    )
    return undefined
  }
  return value as number
}

function model(id: string, raw: Json, problems: ElementProblems): RouteElement | undefined {
  const props = properties(raw, problems, ['provider', 'model', 'timeout', 'retries'])
  const out = outputs(raw, problems, ['success'], ['fallback'])
  if (!props || !out) return undefined
  const { provider, model: name, timeout, retries } = props
  if (typeof provider !== 'string' || !isCompatProvider(provider)) {
    problems.add(
      ['properties', 'provider'],
      `${show(provider)} is not a provider reachable through /compat (e.g. "openai", "anthropic", "custom-<slug>")`,
    )
  }
  if (typeof name !== 'string' || name.trim() === '')
    problems.add(['properties', 'model'], 'is required, e.g. "gpt-4o-mini"')
  if (
    timeout !== undefined &&
    !(Number.isSafeInteger(timeout) && (timeout as number) >= 1 && (timeout as number) <= MAX_TIMEOUT_MS)
  ) {
    problems.add(['properties', 'timeout'], `must be a whole number of ms from 1 to ${MAX_TIMEOUT_MS}`)
  }
  if (
    retries !== undefined &&
    !(Number.isSafeInteger(retries) && (retries as number) >= 0 && (retries as number) <= MAX_RETRIES)
  ) {
    problems.add(['properties', 'retries'], `must be a whole number from 0 to ${MAX_RETRIES}`)
  }
  return {
    id,
    type: 'model',
    properties: {
      provider: provider as string,
      model: name as string,
      ...(timeout !== undefined ? { timeout: timeout as number } : {}),
      ...(retries !== undefined ? { retries: retries as number } : {}),
    },
    outputs: withFallback(out),
  }
}

/** Nested routes are not a thing: a model element names a real provider (F014) or an account's custom one. */
function isCompatProvider(provider: string): boolean {
  const lowered = provider.toLowerCase()
  if (lowered.startsWith(CUSTOM_PREFIX)) return lowered.length > CUSTOM_PREFIX.length
  return providerByCompatPrefix(provider)?.compat !== undefined
}

function properties(raw: Json, problems: ElementProblems, allowed: readonly string[]): Json | undefined {
  if (!isObject(raw.properties)) {
    problems.add(['properties'], raw.properties === undefined ? 'is required' : 'must be an object')
    return undefined
  }
  for (const key of Object.keys(raw.properties)) {
    if (!allowed.includes(key))
      problems.add(['properties', key], `is not a recognised property (${allowed.join(', ')})`)
  }
  return raw.properties
}

function noProperties(raw: Json, problems: ElementProblems): void {
  if (raw.properties === undefined) return
  if (!isObject(raw.properties) || Object.keys(raw.properties).length > 0)
    problems.add(['properties'], 'this element type takes no properties')
}

function outputs(
  raw: Json,
  problems: ElementProblems,
  required: readonly string[],
  optional: readonly string[],
): Partial<Record<string, Output>> | undefined {
  if (!isObject(raw.outputs)) {
    problems.add(
      ['outputs'],
      `is required: {${required.map((name) => `"${name}": {"elementId": …}`).join(', ')}}`,
    )
    return undefined
  }
  const out: Partial<Record<string, Output>> = {}
  for (const [name, value] of Object.entries(raw.outputs)) {
    if (!required.includes(name) && !optional.includes(name)) {
      problems.add(
        ['outputs', name],
        `is not an output of this element (${[...required, ...optional].join(', ')})`,
      )
      continue
    }
    const target = outputTarget(value, problems, ['outputs', name])
    if (target) out[name] = target
  }
  for (const name of required) {
    if (raw.outputs[name] === undefined) problems.add(['outputs', name], 'is required')
  }
  return out
}

function outputTarget(value: unknown, problems: ElementProblems, field: string[]): Output | undefined {
  if (!isObject(value) || typeof value.elementId !== 'string' || value.elementId === '') {
    problems.add(field, 'must be {"elementId": "<id of another element>"}')
    return undefined
  }
  const extra = Object.keys(value).filter((key) => key !== 'elementId')
  if (extra.length > 0) problems.add([...field, extra[0]!], 'is not a recognised field (elementId)')
  return { elementId: value.elementId }
}

function withFallback(out: Partial<Record<string, Output>>): { success: Output; fallback?: Output } {
  return out.fallback ? { success: out.success!, fallback: out.fallback } : { success: out.success! }
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  problems: ElementProblems,
  field: string[],
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  problems.add(field, `must be ${allowed.map((a) => `"${a}"`).join(' or ')}, got ${show(value)}`)
  return undefined
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

function round(percent: number): number {
  return Math.round(percent * 1e6) / 1e6
}
