import { invalidRequest } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import type { GeminiSchema, GeminiType } from './wire.js'

/**
 * JSON Schema (what OpenAI tools and `response_format` carry) → Gemini's OpenAPI 3.0 subset. Local `$ref`s are
 * inlined, `["x","null"]` and `{type:"null"}` branches become `nullable`, `oneOf` becomes `anyOf`; keywords Gemini
 * rejects (`$schema`, `additionalProperties`, `not`, …) are dropped with one warning per keyword.
 */
export interface SchemaConversion {
  schema: GeminiSchema
  warnings: string[]
}

const TYPES: Record<string, GeminiType> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
  null: 'NULL',
}
const STRING_KEYS = ['title', 'description', 'pattern', 'format'] as const
const NUMBER_KEYS = [
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
] as const
const STRUCTURAL = new Set([
  'type',
  'nullable',
  'enum',
  'const',
  'items',
  'properties',
  'required',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
  '$defs',
  'definitions',
  'propertyOrdering',
  'example',
  'default',
  ...STRING_KEYS,
  ...NUMBER_KEYS,
])

interface State {
  root: Record<string, unknown>
  refs: string[]
  /** keyword → what happened to it and where. */
  notes: Map<string, { message: string; paths: string[] }>
}

const DROPPED = 'not supported by Gemini, dropped'

function note(state: State, path: string, keyword: string, message = DROPPED): void {
  const entry = state.notes.get(keyword) ?? { message, paths: [] }
  entry.paths.push(path)
  state.notes.set(keyword, entry)
}

function resolveRef(ref: unknown, path: string, state: State): Record<string, unknown> {
  const match = typeof ref === 'string' ? /^#\/(\$defs|definitions)\/(.+)$/.exec(ref) : null
  const defs = match ? state.root[match[1] ?? ''] : undefined
  const target = match && isRecord(defs) ? defs[match[2] ?? ''] : undefined
  if (!isRecord(target))
    throw invalidRequest(`${path}.$ref`, `${JSON.stringify(ref)} does not resolve to a local definition`)
  return target
}

function typeList(value: unknown, path: string): string[] {
  if (value === undefined) return []
  const list = Array.isArray(value) ? value : [value]
  return list.map((type) => {
    if (typeof type !== 'string' || TYPES[type] === undefined) {
      throw invalidRequest(`${path}.type`, `${JSON.stringify(type)} is not a JSON schema type`)
    }
    return type
  })
}

function inferType(node: Record<string, unknown>): string[] {
  if (isRecord(node.properties)) return ['object']
  if (node.items !== undefined) return ['array']
  if (Array.isArray(node.enum) || typeof node.const === 'string') return ['string']
  return []
}

function copyScalars(node: Record<string, unknown>, out: GeminiSchema): void {
  for (const key of STRING_KEYS) if (typeof node[key] === 'string') out[key] = node[key]
  for (const key of NUMBER_KEYS) if (typeof node[key] === 'number') out[key] = node[key]
  if (node.example !== undefined) out.example = node.example
  if (node.default !== undefined) out.default = node.default
  if (Array.isArray(node.propertyOrdering) && node.propertyOrdering.every((k) => typeof k === 'string')) {
    out.propertyOrdering = node.propertyOrdering
  }
}

function convertEnum(node: Record<string, unknown>, path: string, out: GeminiSchema, state: State): void {
  const values = Array.isArray(node.enum)
    ? node.enum
    : typeof node.const === 'string'
      ? [node.const]
      : undefined
  if (values === undefined) {
    if (node.const !== undefined) note(state, path, 'const')
    return
  }
  if (values.includes(null)) out.nullable = true
  const present = values.filter((value) => value !== null)
  if (present.every((value): value is string => typeof value === 'string')) out.enum = present
  else note(state, path, 'enum', 'Gemini enums hold strings only, dropped')
}

function convertObject(node: Record<string, unknown>, path: string, out: GeminiSchema, state: State): void {
  if (isRecord(node.properties)) {
    const properties: Record<string, GeminiSchema> = {}
    for (const [name, child] of Object.entries(node.properties)) {
      properties[name] = convert(child, `${path}.properties.${name}`, state)
    }
    // Gemini rejects an OBJECT whose `properties` is empty.
    if (Object.keys(properties).length > 0) out.properties = properties
  }
  if (Array.isArray(node.required)) {
    const known = node.required.filter(
      (name): name is string => typeof name === 'string' && out.properties?.[name] !== undefined,
    )
    if (known.length < node.required.length)
      note(state, path, 'required', 'names without a matching property, dropped')
    if (known.length > 0) out.required = known
  }
}

function convertBranches(
  node: Record<string, unknown>,
  path: string,
  out: GeminiSchema,
  state: State,
): GeminiSchema {
  const key = Array.isArray(node.anyOf) ? 'anyOf' : 'oneOf'
  if (key === 'oneOf') note(state, path, 'oneOf', 'sent as anyOf (Gemini has no oneOf)')
  const branches = node[key] as unknown[]
  const isNull = (branch: unknown): boolean => isRecord(branch) && branch.type === 'null'
  if (branches.some(isNull)) out.nullable = true
  const converted = branches
    .filter((b) => !isNull(b))
    .map((b, i) => convert(b, `${path}.${key}[${i}]`, state))
  if (converted.length === 1 && converted[0] !== undefined) return { ...converted[0], ...out }
  if (converted.length > 0) out.anyOf = converted
  return out
}

const OBJECT_ONLY = ['properties', 'required', 'minProperties', 'maxProperties', 'propertyOrdering']
const ARRAY_ONLY = ['items', 'minItems', 'maxItems']

/** One branch of a multi-type schema, keeping only the keywords that apply to that type. */
function branchOf(node: Record<string, unknown>, type: string): Record<string, unknown> {
  const branch: Record<string, unknown> = { ...node, type }
  delete branch.description
  if (type !== 'object') for (const key of OBJECT_ONLY) delete branch[key]
  if (type !== 'array') for (const key of ARRAY_ONLY) delete branch[key]
  return branch
}

function convert(value: unknown, path: string, state: State): GeminiSchema {
  if (!isRecord(value)) throw invalidRequest(path, 'must be a JSON schema object')
  let node = value
  if (node.$ref !== undefined) {
    const ref = String(node.$ref)
    if (state.refs.includes(ref))
      throw invalidRequest(`${path}.$ref`, `recursive schema ${ref} cannot be expressed for Gemini`)
    const { $ref: _ref, ...rest } = node
    state.refs.push(ref)
    const out = convert({ ...resolveRef(node.$ref, path, state), ...rest }, path, state)
    state.refs.pop()
    return out
  }
  if (Array.isArray(node.allOf)) {
    if (node.allOf.length !== 1)
      throw invalidRequest(`${path}.allOf`, 'only a single-element allOf can be expressed for Gemini')
    const { allOf, ...rest } = node
    node = { ...(isRecord(allOf[0]) ? allOf[0] : {}), ...rest }
  }
  for (const key of Object.keys(node)) if (!STRUCTURAL.has(key)) note(state, path, key)

  const types = typeList(node.type, path)
  const concrete = (types.length > 0 ? types : inferType(node)).filter((type) => type !== 'null')
  const out: GeminiSchema = {}
  copyScalars(node, out)
  if (types.includes('null') || node.nullable === true) out.nullable = true
  if (types.length > 0 && concrete.length === 0) out.type = 'NULL'
  if (concrete.length > 1) {
    out.anyOf = concrete.map((type) => convert(branchOf(node, type), path, state))
    return out
  }
  const type = concrete[0]
  if (type !== undefined) out.type = TYPES[type]
  convertEnum(node, path, out, state)
  if (node.items !== undefined) {
    if (Array.isArray(node.items))
      throw invalidRequest(`${path}.items`, 'tuple schemas cannot be expressed for Gemini')
    if (type === 'array') out.items = convert(node.items, `${path}.items`, state)
    else note(state, path, 'items', 'only allowed on arrays for Gemini, dropped')
  }
  if (type === 'object') convertObject(node, path, out, state)
  else if (node.properties !== undefined || node.required !== undefined) {
    note(state, path, 'properties', 'only allowed on objects for Gemini, dropped')
  }
  if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) return convertBranches(node, path, out, state)
  return out
}

export function toGeminiSchema(schema: Record<string, unknown>, path: string): SchemaConversion {
  const state: State = { root: schema, refs: [], notes: new Map() }
  const converted = convert(schema, path, state)
  const warnings = [...state.notes].map(([keyword, { message, paths }]) => {
    const unique = [...new Set(paths)]
    const more = unique.length > 1 ? ` (and at ${unique.length - 1} more places)` : ''
    return `${unique[0] ?? path}.${keyword}: ${message}${more}`
  })
  return { schema: converted, warnings }
}
