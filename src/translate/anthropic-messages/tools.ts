/** OpenAI `tools`, `tool_choice`, `parallel_tool_calls` and `response_format` → Anthropic `tools` + `tool_choice`. */
import { GatewayError } from '../../core/errors.js'
import type { OpenAIChatRequest } from '../types.js'
import { JSON_RESPONSE_TOOL } from './conventions.js'
import { isRecord, optionalString } from './guards.js'
import type { AnthropicTool, AnthropicToolChoice } from './wire-types.js'

export interface ToolConfig {
  tools?: AnthropicTool[]
  tool_choice?: AnthropicToolChoice
}

type UserChoice = { kind: 'unset' | 'auto' | 'none' | 'required' } | { kind: 'named'; name: string }

function invalid(path: string, why: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${why}`)
}

/** Anthropic requires an object schema; OpenAI treats absent or `{}` parameters as "no arguments". */
function inputSchema(parameters: unknown, path: string): Record<string, unknown> {
  if (parameters === undefined || (isRecord(parameters) && Object.keys(parameters).length === 0)) {
    return { type: 'object', properties: {} }
  }
  if (!isRecord(parameters)) throw invalid(path, 'must be a JSON Schema object')
  if (parameters['type'] === undefined) return { type: 'object', ...parameters }
  if (parameters['type'] !== 'object')
    throw invalid(`${path}.type`, "must be 'object' (Anthropic tool input is an object)")
  return parameters
}

function convertTool(tool: unknown, path: string): AnthropicTool {
  if (!isRecord(tool)) throw invalid(path, 'must be an object')
  if (tool['type'] !== 'function')
    throw invalid(`${path}.type`, `'${String(tool['type'])}' tools are not supported by Anthropic`)
  const fn = tool['function']
  if (!isRecord(fn)) throw invalid(`${path}.function`, 'must be an object')
  const name = optionalString(fn['name'])
  if (name === undefined || name === '') throw invalid(`${path}.function.name`, 'must be a non-empty string')
  if (name === JSON_RESPONSE_TOOL)
    throw invalid(`${path}.function.name`, `'${name}' is reserved by the gateway`)
  const out: AnthropicTool = {
    name,
    input_schema: inputSchema(fn['parameters'], `${path}.function.parameters`),
  }
  const description = optionalString(fn['description'])
  if (description !== undefined) out.description = description
  if (typeof fn['strict'] === 'boolean') out.strict = fn['strict']
  return out
}

function readChoice(choice: unknown, names: Set<string>): UserChoice {
  if (choice === undefined || choice === null) return { kind: 'unset' }
  if (choice === 'auto' || choice === 'none' || choice === 'required') {
    if (choice === 'required' && names.size === 0)
      throw invalid('tool_choice', "'required' needs at least one tool")
    return { kind: choice }
  }
  if (isRecord(choice) && choice['type'] === 'function' && isRecord(choice['function'])) {
    const name = optionalString(choice['function']['name'])
    if (name === undefined) throw invalid('tool_choice.function.name', 'must be a string')
    if (!names.has(name)) throw invalid('tool_choice.function.name', `no tool named '${name}' in tools`)
    return { kind: 'named', name }
  }
  throw invalid('tool_choice', "must be 'auto', 'none', 'required' or {type:'function', function:{name}}")
}

function userToolChoice(choice: UserChoice, parallel: boolean): AnthropicToolChoice | undefined {
  const flag = parallel ? {} : { disable_parallel_tool_use: true }
  switch (choice.kind) {
    case 'none':
      return { type: 'none' }
    case 'required':
      return { type: 'any', ...flag }
    case 'named':
      return { type: 'tool', name: choice.name, ...flag }
    case 'auto':
      return { type: 'auto', ...flag }
    case 'unset':
      return parallel ? undefined : { type: 'auto', ...flag }
  }
}

/** The forced answer tool for a JSON `response_format`, or undefined for plain text. */
function jsonAnswerTool(format: unknown): AnthropicTool | undefined {
  if (format === undefined || format === null) return undefined
  if (!isRecord(format)) throw invalid('response_format', 'must be an object')
  const type = format['type']
  if (type === 'text') return undefined
  let schema: Record<string, unknown> = { type: 'object' }
  let description =
    'Reply to the user by calling this tool: its input is your entire answer, as a JSON object.'
  let strict: boolean | undefined
  if (type === 'json_schema') {
    const spec = format['json_schema']
    if (!isRecord(spec)) throw invalid('response_format.json_schema', 'must be an object')
    if (spec['schema'] !== undefined)
      schema = inputSchema(spec['schema'], 'response_format.json_schema.schema')
    const name = optionalString(spec['name'])
    const about = optionalString(spec['description'])
    description += ` The answer is a '${name ?? 'response'}' matching the input schema.${about ? ` ${about}` : ''}`
    if (typeof spec['strict'] === 'boolean') strict = spec['strict']
  } else if (type !== 'json_object') {
    throw invalid('response_format.type', `'${String(type)}' is not supported`)
  }
  const tool: AnthropicTool = { name: JSON_RESPONSE_TOOL, description, input_schema: schema }
  if (strict !== undefined) tool.strict = strict
  return tool
}

export function convertTools(body: OpenAIChatRequest, warnings: string[]): ToolConfig {
  const raw = body.tools
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalid('tools', 'must be an array')
  const tools = (raw ?? []).map((tool, i) => convertTool(tool, `tools[${i}]`))
  const names = new Set(tools.map((t) => t.name))
  if (names.size !== tools.length) throw invalid('tools', 'tool names must be unique')
  const choice = readChoice(body.tool_choice, names)
  const parallel = body.parallel_tool_calls !== false
  const json = jsonAnswerTool(body.response_format)

  if (json && (choice.kind === 'required' || choice.kind === 'named')) {
    warnings.push(
      'response_format: not applied because tool_choice forces a tool call, whose output is not JSON text',
    )
  }
  if (!json || choice.kind === 'required' || choice.kind === 'named') {
    if (tools.length === 0) return {}
    const toolChoice = userToolChoice(choice, parallel)
    return toolChoice ? { tools, tool_choice: toolChoice } : { tools }
  }
  // With the caller's tools callable, the model must call one of them or answer through the JSON tool.
  if (tools.length > 0 && choice.kind !== 'none') {
    return {
      tools: [...tools, json],
      tool_choice: { type: 'any', ...(parallel ? {} : { disable_parallel_tool_use: true }) },
    }
  }
  return {
    tools: [...tools, json],
    tool_choice: { type: 'tool', name: JSON_RESPONSE_TOOL, disable_parallel_tool_use: true },
  }
}
