/** Anthropic `tools`, `tool_choice` and `output_config.format` → OpenAI tools, tool_choice, parallel_tool_calls, response_format. */
import { isRecord, optionalString } from '../anthropic-messages/guards.js'
import type { OpenAIChatRequest, OpenAITool } from '../types.js'
import { invalid, noteCacheControl } from './to-hub-content.js'

type ToolFields = Pick<OpenAIChatRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls' | 'response_format'>

function hubTool(tool: unknown, path: string, warnings: string[]): OpenAITool {
  if (!isRecord(tool)) throw invalid(path, 'must be an object')
  const type = tool['type']
  if (type !== undefined && type !== null && type !== 'custom') {
    throw invalid(
      `${path}.type`,
      `Anthropic-defined tool '${String(type)}' cannot be sent to other providers`,
    )
  }
  const name = optionalString(tool['name'])
  if (name === undefined) throw invalid(`${path}.name`, 'Field required')
  const schema = tool['input_schema']
  if (!isRecord(schema)) throw invalid(`${path}.input_schema`, 'Field required')
  noteCacheControl(tool, path, warnings)
  const fn: OpenAITool['function'] = { name, parameters: schema }
  const description = optionalString(tool['description'])
  if (description !== undefined) fn.description = description
  if (typeof tool['strict'] === 'boolean') fn.strict = tool['strict']
  return { type: 'function', function: fn }
}

function choiceFields(
  choice: unknown,
  names: Set<string>,
): Pick<ToolFields, 'tool_choice' | 'parallel_tool_calls'> {
  if (choice === undefined || choice === null) return {}
  if (!isRecord(choice)) throw invalid('tool_choice', 'must be an object')
  const parallel = choice['disable_parallel_tool_use'] === true ? { parallel_tool_calls: false } : {}
  switch (choice['type']) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel }
    case 'any':
      return { tool_choice: 'required', ...parallel }
    case 'none':
      return { tool_choice: 'none' }
    case 'tool': {
      const name = optionalString(choice['name'])
      if (name === undefined || !names.has(name))
        throw invalid('tool_choice.name', `no tool named '${String(name)}' in tools`)
      return { tool_choice: { type: 'function', function: { name } }, ...parallel }
    }
    default:
      throw invalid('tool_choice.type', "must be 'auto', 'any', 'tool' or 'none'")
  }
}

/** Anthropic structured outputs (`output_config.format`) are OpenAI's json_schema response format. */
function responseFormat(config: unknown, warnings: string[]): Pick<ToolFields, 'response_format'> {
  if (config === undefined || config === null) return {}
  if (!isRecord(config)) throw invalid('output_config', 'must be an object')
  if (config['effort'] !== undefined && config['effort'] !== null) {
    warnings.push('output_config.effort: not supported through the OpenAI hub; ignored')
  }
  const format = config['format']
  if (format === undefined || format === null) return {}
  if (!isRecord(format) || format['type'] !== 'json_schema' || !isRecord(format['schema'])) {
    throw invalid('output_config.format', "must be {type: 'json_schema', schema}")
  }
  return {
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'response', schema: format['schema'], strict: true },
    },
  }
}

export function hubToolFields(body: Record<string, unknown>, warnings: string[]): ToolFields {
  const raw = body['tools']
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalid('tools', 'must be an array')
  const list: unknown[] = Array.isArray(raw) ? raw : []
  const tools = list.map((tool, i) => hubTool(tool, `tools[${i}]`, warnings))
  const names = new Set(tools.map((t) => t.function.name))
  const choice = choiceFields(body['tool_choice'], names)
  const out: ToolFields = responseFormat(body['output_config'], warnings)
  if (tools.length === 0) {
    // OpenAI rejects tool_choice without tools; without tools, auto and none mean nothing anyway.
    if (choice.tool_choice === 'required') throw invalid('tool_choice', "'any' needs at least one tool")
    return out
  }
  return { ...out, ...choice, tools }
}
