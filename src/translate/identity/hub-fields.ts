import type { OpenAIChatRequest, OpenAITool, OpenAIToolChoice } from '../types.js'
import { invalidRequest } from './hub-errors.js'
import { isRecord } from './hub-json.js'

/** A numeric request field: absent/null → undefined, anything but a finite number → invalid_request. */
export function optionalNumber(body: OpenAIChatRequest, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(key, 'must be a number')
  return value
}

export function optionalInteger(body: OpenAIChatRequest, key: string): number | undefined {
  const value = optionalNumber(body, key)
  if (value !== undefined && !Number.isInteger(value)) throw invalidRequest(key, 'must be an integer')
  return value
}

/** `max_completion_tokens` supersedes the deprecated `max_tokens` (OpenAI's own precedence). */
export function outputTokenLimit(body: OpenAIChatRequest): number | undefined {
  return optionalInteger(body, 'max_completion_tokens') ?? optionalInteger(body, 'max_tokens')
}

export function stopSequences(body: OpenAIChatRequest): string[] | undefined {
  const stop = body.stop
  if (stop === undefined || stop === null) return undefined
  if (typeof stop === 'string') return [stop]
  if (Array.isArray(stop) && stop.every((item) => typeof item === 'string')) return stop
  throw invalidRequest('stop', 'must be a string or an array of strings')
}

export interface FunctionTool {
  name: string
  description?: string
  parameters?: Record<string, unknown>
  strict?: boolean
}

/** Validated `tools`: only `function` tools exist in the chat schema's portable subset. */
export function functionTools(body: OpenAIChatRequest, target: string): FunctionTool[] {
  const tools: unknown = body.tools
  if (tools === undefined || tools === null) return []
  if (!Array.isArray(tools)) throw invalidRequest('tools', 'must be an array')
  return tools.map((tool: unknown, index) => {
    const path = `tools[${index}]`
    if (!isRecord(tool)) throw invalidRequest(path, 'must be an object')
    if (tool.type !== 'function')
      throw invalidRequest(`${path}.type`, `only "function" tools are supported by ${target}`)
    const fn = (tool as unknown as OpenAITool).function
    if (!isRecord(fn) || typeof fn.name !== 'string' || fn.name === '') {
      throw invalidRequest(`${path}.function.name`, 'must be a non-empty string')
    }
    if (fn.description !== undefined && typeof fn.description !== 'string') {
      throw invalidRequest(`${path}.function.description`, 'must be a string')
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      throw invalidRequest(`${path}.function.parameters`, 'must be a JSON schema object')
    }
    const out: FunctionTool = { name: fn.name }
    if (fn.description !== undefined) out.description = fn.description
    if (fn.parameters !== undefined) out.parameters = fn.parameters
    if (fn.strict !== undefined) out.strict = fn.strict === true
    return out
  })
}

export type ToolChoice = { mode: 'auto' | 'none' | 'required' } | { mode: 'function'; name: string }

/** Validated `tool_choice`, checked against the declared tools. */
export function toolChoice(body: OpenAIChatRequest, tools: FunctionTool[]): ToolChoice | undefined {
  const choice: OpenAIToolChoice | undefined | null = body.tool_choice
  if (choice === undefined || choice === null) return undefined
  if (choice === 'auto' || choice === 'none') return { mode: choice }
  if (choice === 'required') {
    if (tools.length === 0)
      throw invalidRequest('tool_choice', '"required" needs at least one tool in "tools"')
    return { mode: 'required' }
  }
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function)) {
    const name = choice.function.name
    if (typeof name !== 'string') throw invalidRequest('tool_choice.function.name', 'must be a string')
    if (!tools.some((tool) => tool.name === name)) {
      throw invalidRequest('tool_choice.function.name', `"${name}" is not one of the declared tools`)
    }
    return { mode: 'function', name }
  }
  throw invalidRequest(
    'tool_choice',
    'must be "none", "auto", "required" or {type: "function", function: {name}}',
  )
}

/** Warnings for request fields a translator does not carry (each named once). */
export function ignoredFields(
  body: OpenAIChatRequest,
  handled: ReadonlySet<string>,
  target: string,
): string[] {
  const warnings: string[] = []
  for (const [key, value] of Object.entries(body)) {
    if (handled.has(key) || value === undefined || value === null) continue
    warnings.push(`${key}: not supported by ${target}, ignored`)
  }
  return warnings
}

/** Hub request fields every chat translator maps or rejects with a 400; anything else is reported as ignored. */
export const COMMON_HUB_FIELDS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'n',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'presence_penalty',
  'frequency_penalty',
] as const
