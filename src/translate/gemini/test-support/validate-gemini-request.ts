/**
 * A small validator of what the Gemini API requires of a `generateContent` body, used to check every request the
 * translator produces (rules from https://ai.google.dev/api/generate-content and observed 400 errors).
 */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const TOP_LEVEL = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
])
const GENERATION = new Set([
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'stopSequences',
  'seed',
  'candidateCount',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'thinkingConfig',
])
const SCHEMA_KEYS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'anyOf',
  'propertyOrdering',
  'example',
  'default',
])
const TYPES = new Set(['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'])
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse']

function validateSchema(schema: unknown, path: string, problems: string[]): void {
  if (!isObject(schema)) return void problems.push(`${path}: schema must be an object`)
  for (const key of Object.keys(schema))
    if (!SCHEMA_KEYS.has(key)) problems.push(`${path}.${key}: unknown schema field`)
  if (schema.type !== undefined && !TYPES.has(String(schema.type)))
    problems.push(`${path}.type: invalid type ${String(schema.type)}`)
  if (
    schema.enum !== undefined &&
    !(Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'))
  ) {
    problems.push(`${path}.enum: must be strings`)
  }
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties) || Object.keys(schema.properties).length === 0) {
      problems.push(`${path}.properties: should be non-empty for OBJECT type`)
    } else {
      for (const [name, child] of Object.entries(schema.properties))
        validateSchema(child, `${path}.properties.${name}`, problems)
    }
  }
  if (Array.isArray(schema.required)) {
    const known = isObject(schema.properties) ? Object.keys(schema.properties) : []
    for (const name of schema.required)
      if (!known.includes(String(name))) problems.push(`${path}.required: ${String(name)} is not a property`)
  }
  if (schema.items !== undefined) validateSchema(schema.items, `${path}.items`, problems)
  if (Array.isArray(schema.anyOf))
    schema.anyOf.forEach((branch, i) => validateSchema(branch, `${path}.anyOf[${i}]`, problems))
}

function validatePart(part: unknown, path: string, role: unknown, problems: string[]): void {
  if (!isObject(part)) return void problems.push(`${path}: part must be an object`)
  const data = PART_DATA.filter((key) => part[key] !== undefined)
  if (data.length !== 1)
    problems.push(
      `${path}: a part holds exactly one of ${PART_DATA.join('/')}, got ${data.join(',') || 'none'}`,
    )
  if ('text' in part && (typeof part.text !== 'string' || part.text === ''))
    problems.push(`${path}.text: must be a non-empty string`)
  if (
    isObject(part.inlineData) &&
    (typeof part.inlineData.mimeType !== 'string' || typeof part.inlineData.data !== 'string')
  ) {
    problems.push(`${path}.inlineData: needs mimeType and data`)
  }
  if (
    isObject(part.fileData) &&
    (typeof part.fileData.mimeType !== 'string' || typeof part.fileData.fileUri !== 'string')
  ) {
    problems.push(`${path}.fileData: needs mimeType and fileUri`)
  }
  if (part.functionCall !== undefined && role !== 'model')
    problems.push(`${path}: functionCall only in model turns`)
  if (part.functionResponse !== undefined && role !== 'user')
    problems.push(`${path}: functionResponse only in user turns`)
  if (isObject(part.functionCall) && !isObject(part.functionCall.args))
    problems.push(`${path}.functionCall.args: must be an object`)
  if (isObject(part.functionResponse) && !isObject(part.functionResponse.response)) {
    problems.push(`${path}.functionResponse.response: must be an object`)
  }
}

function declaredNames(body: Json, problems: string[]): Set<string> {
  const names = new Set<string>()
  if (body.tools === undefined) return names
  if (!Array.isArray(body.tools)) return (problems.push('tools: must be an array'), names)
  body.tools.forEach((tool, i) => {
    const declarations = isObject(tool) ? tool.functionDeclarations : undefined
    if (!Array.isArray(declarations))
      return void problems.push(`tools[${i}].functionDeclarations: must be an array`)
    declarations.forEach((declaration, j) => {
      const path = `tools[${i}].functionDeclarations[${j}]`
      if (
        !isObject(declaration) ||
        typeof declaration.name !== 'string' ||
        !FUNCTION_NAME.test(declaration.name)
      ) {
        return void problems.push(`${path}.name: invalid function name`)
      }
      names.add(declaration.name)
      if (declaration.parameters !== undefined)
        validateSchema(declaration.parameters, `${path}.parameters`, problems)
    })
  })
  return names
}

function validateContents(body: Json, names: Set<string>, problems: string[]): void {
  const contents = body.contents
  if (!Array.isArray(contents) || contents.length === 0)
    return void problems.push('contents: must be a non-empty array')
  let previousCalls = new Set<string>()
  contents.forEach((content, i) => {
    const path = `contents[${i}]`
    if (!isObject(content)) return void problems.push(`${path}: must be an object`)
    const expected = i % 2 === 0 ? 'user' : 'model'
    if (content.role !== expected)
      problems.push(
        `${path}.role: expected ${expected} (turns start with user and alternate), got ${String(content.role)}`,
      )
    if (!Array.isArray(content.parts) || content.parts.length === 0)
      return void problems.push(`${path}.parts: must be non-empty`)
    const calls = new Set<string>()
    content.parts.forEach((part, j) => {
      validatePart(part, `${path}.parts[${j}]`, content.role, problems)
      if (!isObject(part)) return
      const call = isObject(part.functionCall) ? part.functionCall.name : undefined
      const response = isObject(part.functionResponse) ? part.functionResponse.name : undefined
      if (typeof call === 'string') {
        calls.add(call)
        if (!names.has(call)) problems.push(`${path}.parts[${j}].functionCall.name: ${call} is not declared`)
      }
      if (typeof response === 'string') {
        if (!names.has(response))
          problems.push(`${path}.parts[${j}].functionResponse.name: ${response} is not declared`)
        if (!previousCalls.has(response))
          problems.push(`${path}.parts[${j}].functionResponse: no matching functionCall in the previous turn`)
      }
    })
    previousCalls = calls
  })
}

function validateConfig(body: Json, names: Set<string>, problems: string[]): void {
  if (body.generationConfig !== undefined) {
    if (!isObject(body.generationConfig)) problems.push('generationConfig: must be an object')
    else {
      for (const key of Object.keys(body.generationConfig))
        if (!GENERATION.has(key)) problems.push(`generationConfig.${key}: unknown field`)
      if (body.generationConfig.responseSchema !== undefined)
        validateSchema(body.generationConfig.responseSchema, 'generationConfig.responseSchema', problems)
    }
  }
  const config = isObject(body.toolConfig) ? body.toolConfig.functionCallingConfig : undefined
  if (body.toolConfig !== undefined && !isObject(config))
    problems.push('toolConfig.functionCallingConfig: required')
  if (isObject(config)) {
    if (!['AUTO', 'ANY', 'NONE'].includes(String(config.mode)))
      problems.push('toolConfig.functionCallingConfig.mode: invalid')
    if (config.allowedFunctionNames !== undefined) {
      if (config.mode !== 'ANY')
        problems.push('toolConfig.functionCallingConfig.allowedFunctionNames: only with mode ANY')
      if (
        !Array.isArray(config.allowedFunctionNames) ||
        !config.allowedFunctionNames.every((n) => names.has(String(n)))
      ) {
        problems.push('toolConfig.functionCallingConfig.allowedFunctionNames: must name declared functions')
      }
    }
  }
  if (body.systemInstruction !== undefined) {
    const parts = isObject(body.systemInstruction) ? body.systemInstruction.parts : undefined
    if (!Array.isArray(parts) || !parts.every((part) => isObject(part) && typeof part.text === 'string')) {
      problems.push('systemInstruction.parts: must be text parts')
    }
  }
}

/** Problems found in a `generateContent` body; an empty list means the API would accept its shape. */
export function validateGeminiRequest(body: unknown): string[] {
  const problems: string[] = []
  if (!isObject(body)) return ['body: must be an object']
  for (const key of Object.keys(body))
    if (!TOP_LEVEL.has(key)) problems.push(`${key}: unknown top-level field`)
  const names = declaredNames(body, problems)
  validateContents(body, names, problems)
  validateConfig(body, names, problems)
  return problems
}
