import type { OpenAIChatRequest, TranslatedRequest } from '../types.js'
import { messagesOf } from '../identity/hub-content.js'
import type { HubContext } from '../identity/hub-context.js'
import { invalidRequest } from '../identity/hub-errors.js'
import {
  functionTools,
  ignoredFields,
  optionalInteger,
  optionalNumber,
  outputTokenLimit,
  stopSequences,
  toolChoice,
  type FunctionTool,
  COMMON_HUB_FIELDS,
} from '../identity/hub-fields.js'
import { isRecord } from '../identity/hub-json.js'
import { requireModel } from '../identity/request.js'
import { toCohereMessages } from './messages.js'
import type { CohereRequestBody, CohereTool } from './wire.js'

const HANDLED = new Set<string>(COMMON_HUB_FIELDS)

function toCohereTool(tool: FunctionTool): CohereTool {
  const fn: CohereTool['function'] = { name: tool.name }
  if (tool.description !== undefined) fn.description = tool.description
  if (tool.parameters !== undefined) fn.parameters = tool.parameters
  return { type: 'function', function: fn }
}

/**
 * Cohere's `tool_choice` is only REQUIRED or NONE; forcing one named function is expressed exactly by offering only
 * that function and requiring a call.
 */
function applyTools(body: OpenAIChatRequest, out: CohereRequestBody, warnings: string[]): void {
  const tools = functionTools(body, 'Cohere')
  const choice = toolChoice(body, tools)
  if (tools.length === 0) return
  const offered = choice?.mode === 'function' ? tools.filter((tool) => tool.name === choice.name) : tools
  out.tools = offered.map(toCohereTool)
  if (choice?.mode === 'required' || choice?.mode === 'function') out.tool_choice = 'REQUIRED'
  if (choice?.mode === 'none') out.tool_choice = 'NONE'
  const strict = tools.filter((tool) => tool.strict === true).length
  if (strict === tools.length) out.strict_tools = true
  else if (strict > 0)
    warnings.push('tools[].function.strict: Cohere applies strictness to all tools or none; sent non-strict')
  if (body.parallel_tool_calls === false)
    warnings.push('parallel_tool_calls: Cohere cannot be limited to one call per turn, ignored')
}

function responseFormat(body: OpenAIChatRequest): CohereRequestBody['response_format'] {
  const format: unknown = body.response_format
  if (format === undefined || format === null) return undefined
  if (!isRecord(format)) throw invalidRequest('response_format', 'must be an object')
  if (format.type === 'text') return undefined
  if (format.type === 'json_object') return { type: 'json_object' }
  if (format.type !== 'json_schema')
    throw invalidRequest('response_format.type', 'must be text, json_object or json_schema')
  const spec = format.json_schema
  if (!isRecord(spec)) throw invalidRequest('response_format.json_schema', 'must be an object')
  if (spec.schema === undefined) return { type: 'json_object' }
  if (!isRecord(spec.schema))
    throw invalidRequest('response_format.json_schema.schema', 'must be a JSON schema object')
  return { type: 'json_object', json_schema: spec.schema }
}

function sampling(body: OpenAIChatRequest, out: CohereRequestBody): void {
  const n = optionalInteger(body, 'n')
  if (n !== undefined && n !== 1) throw invalidRequest('n', 'Cohere returns a single choice; n must be 1')
  const fields: Array<[keyof CohereRequestBody, number | string[] | undefined]> = [
    ['max_tokens', outputTokenLimit(body)],
    ['temperature', optionalNumber(body, 'temperature')],
    ['p', optionalNumber(body, 'top_p')],
    ['stop_sequences', stopSequences(body)],
    ['seed', optionalInteger(body, 'seed')],
    ['frequency_penalty', optionalNumber(body, 'frequency_penalty')],
    ['presence_penalty', optionalNumber(body, 'presence_penalty')],
  ]
  for (const [key, value] of fields) if (value !== undefined) Object.assign(out, { [key]: value })
}

/** OpenAI chat request → Cohere v2 `POST /v2/chat` (F019). */
export function cohereRequest(body: OpenAIChatRequest, context: HubContext): TranslatedRequest {
  const warnings: string[] = []
  const out: CohereRequestBody = {
    model: requireModel(context),
    messages: toCohereMessages(messagesOf(body), warnings),
  }
  if (context.stream) out.stream = true
  applyTools(body, out, warnings)
  const format = responseFormat(body)
  if (format !== undefined) out.response_format = format
  sampling(body, out)
  warnings.push(...ignoredFields(body, HANDLED, 'Cohere'))
  return { path: '/v2/chat', body: out, warnings }
}
