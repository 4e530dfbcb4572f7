/**
 * An independent check of the rules Anthropic's Messages API enforces on a request body
 * (https://docs.anthropic.com/en/api/messages, "Tool use" guide). Returns every violation found; [] means valid.
 * Written from the API documentation, not from the translator, so it can catch the translator's mistakes.
 */

type Json = Record<string, unknown>

const TOP_LEVEL = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'thinking',
  'service_tier',
  'output_config',
])
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkText(block: Json, path: string, out: string[]): void {
  if (typeof block['text'] !== 'string' || block['text'] === '')
    out.push(`${path}: text must be a non-empty string`)
}

function checkImage(block: Json, path: string, out: string[]): void {
  const source = block['source']
  if (!isJson(source)) return void out.push(`${path}.source: required`)
  if (source['type'] === 'base64') {
    if (!IMAGE_TYPES.has(String(source['media_type']))) out.push(`${path}.source.media_type: unsupported`)
    if (typeof source['data'] !== 'string' || source['data'] === '') out.push(`${path}.source.data: required`)
  } else if (source['type'] === 'url') {
    if (typeof source['url'] !== 'string' || !/^https?:\/\//.test(source['url']))
      out.push(`${path}.source.url: invalid`)
  } else out.push(`${path}.source.type: unknown`)
}

function checkBlock(block: unknown, role: string, path: string, out: string[]): void {
  if (!isJson(block)) return void out.push(`${path}: must be an object`)
  const type = block['type']
  if (type === 'text') checkText(block, path, out)
  else if (type === 'image' && role === 'user') checkImage(block, path, out)
  else if (type === 'document' && role === 'user') {
    if (!isJson(block['source'])) out.push(`${path}.source: required`)
  } else if (type === 'tool_result' && role === 'user') {
    if (typeof block['tool_use_id'] !== 'string') out.push(`${path}.tool_use_id: required`)
  } else if (type === 'tool_use' && role === 'assistant') {
    if (typeof block['id'] !== 'string' || typeof block['name'] !== 'string')
      out.push(`${path}: id and name required`)
    if (!isJson(block['input'])) out.push(`${path}.input: must be an object`)
  } else out.push(`${path}.type: '${String(type)}' not allowed in a ${role} message`)
}

function blocksOf(message: Json): Json[] {
  const content = message['content']
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return Array.isArray(content) ? content.filter(isJson) : []
}

/** tool_use ↔ tool_result pairing: results answer the previous assistant turn's calls, first, and all of them. */
function checkToolPairing(messages: Json[], out: string[]): void {
  messages.forEach((message, i) => {
    const blocks = blocksOf(message)
    const results = blocks.filter((b) => b['type'] === 'tool_result').map((b) => String(b['tool_use_id']))
    const firstOther = blocks.findIndex((b) => b['type'] !== 'tool_result')
    const lastResult = blocks.map((b) => b['type']).lastIndexOf('tool_result')
    if (firstOther !== -1 && lastResult > firstOther)
      out.push(`messages.${i}: tool_result blocks must come first`)
    const previous = messages[i - 1]
    const calls = previous
      ? blocksOf(previous)
          .filter((b) => b['type'] === 'tool_use')
          .map((b) => String(b['id']))
      : []
    for (const id of results) {
      if (!calls.includes(id))
        out.push(`messages.${i}: tool_result ${id} has no tool_use in the previous message`)
    }
    const next = messages[i + 1]
    if (message['role'] !== 'assistant') return
    const answered = next
      ? blocksOf(next)
          .filter((b) => b['type'] === 'tool_result')
          .map((b) => String(b['tool_use_id']))
      : []
    for (const b of blocks.filter((b) => b['type'] === 'tool_use')) {
      if (!answered.includes(String(b['id'])))
        out.push(`messages.${i}: tool_use ${String(b['id'])} has no tool_result after it`)
    }
  })
}

function checkMessages(messages: unknown, out: string[]): void {
  if (!Array.isArray(messages) || messages.length === 0)
    return void out.push('messages: non-empty array required')
  const list = messages.filter(isJson)
  if (list.length !== messages.length) out.push('messages: every message must be an object')
  list.forEach((message, i) => {
    const role = message['role']
    if (role !== 'user' && role !== 'assistant') out.push(`messages.${i}.role: must be user or assistant`)
    const expected = i % 2 === 0 ? 'user' : 'assistant'
    if (role !== expected) out.push(`messages.${i}.role: roles must alternate starting with user`)
    const content = message['content']
    if (typeof content === 'string') {
      if (content === '') out.push(`messages.${i}.content: must be non-empty`)
    } else if (Array.isArray(content) && content.length > 0) {
      content.forEach((b, j) => checkBlock(b, String(role), `messages.${i}.content.${j}`, out))
    } else out.push(`messages.${i}.content: must be a non-empty string or array`)
  })
  const last = list[list.length - 1]
  const tail = last ? blocksOf(last).at(-1) : undefined
  if (last?.['role'] === 'assistant' && typeof tail?.['text'] === 'string' && /\s$/.test(tail['text'])) {
    out.push('messages: final assistant content cannot end with trailing whitespace')
  }
  checkToolPairing(list, out)
}

function checkTools(body: Json, out: string[]): void {
  const tools = body['tools']
  const names: string[] = []
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return void out.push('tools: must be an array')
    tools.forEach((tool: unknown, i) => {
      if (!isJson(tool)) return void out.push(`tools.${i}: must be an object`)
      const name = String(tool['name'])
      if (!TOOL_NAME.test(name)) out.push(`tools.${i}.name: must match ${TOOL_NAME.source}`)
      names.push(name)
      const schema = tool['input_schema']
      if (!isJson(schema) || schema['type'] !== 'object')
        out.push(`tools.${i}.input_schema.type: must be 'object'`)
    })
  }
  const choice = body['tool_choice']
  if (choice === undefined) return
  if (!isJson(choice) || !['auto', 'any', 'tool', 'none'].includes(String(choice['type']))) {
    return void out.push('tool_choice.type: must be auto, any, tool or none')
  }
  if (choice['type'] === 'tool' && !names.includes(String(choice['name'])))
    out.push('tool_choice.name: unknown tool')
  if (choice['type'] === 'none' && 'disable_parallel_tool_use' in choice)
    out.push('tool_choice: none takes no options')
}

function checkSampling(body: Json, out: string[]): void {
  for (const key of ['temperature', 'top_p'] as const) {
    const value = body[key]
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1))
      out.push(`${key}: must be in [0, 1]`)
  }
  const stop = body['stop_sequences']
  if (stop !== undefined && (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string'))) {
    out.push('stop_sequences: must be an array of strings')
  }
  const system = body['system']
  if (system !== undefined && typeof system !== 'string') {
    if (!Array.isArray(system)) out.push('system: must be a string or text blocks')
    else
      system.forEach((b: unknown, i) =>
        isJson(b) && b['type'] === 'text'
          ? checkText(b, `system.${i}`, out)
          : out.push(`system.${i}: text only`),
      )
  }
}

export function anthropicRequestViolations(body: unknown): string[] {
  const out: string[] = []
  if (!isJson(body)) return ['body: must be an object']
  for (const key of Object.keys(body))
    if (!TOP_LEVEL.has(key)) out.push(`${key}: Extra inputs are not permitted`)
  if (typeof body['model'] !== 'string' || body['model'] === '') out.push('model: required')
  const max = body['max_tokens']
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0)
    out.push('max_tokens: non-negative integer required')
  checkMessages(body['messages'], out)
  checkTools(body, out)
  checkSampling(body, out)
  return out
}
