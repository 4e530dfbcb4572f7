/** OpenAI chat request (hub) → Anthropic Messages request (F019). */
import { GatewayError } from '../../core/errors.js'
import type { OpenAIChatRequest, TranslateContext, TranslatedRequest } from '../types.js'
import { ANTHROPIC_VERSION, defaultMaxTokens, MESSAGES_PATH } from './conventions.js'
import { isRecord } from './guards.js'
import { convertMessages } from './messages.js'
import { convertTools } from './tools.js'
import type { AnthropicRequest } from './wire-types.js'

/** Hub fields this translator maps (or deliberately rejects); anything else is reported as ignored. */
const HANDLED = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'seed',
  'n',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'frequency_penalty',
  'presence_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'modalities',
  'audio',
  'user',
])

function invalid(path: string, why: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${why}`)
}

function optionalNumberField(body: OpenAIChatRequest, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(key, 'must be a number')
  return value
}

function maxTokens(body: OpenAIChatRequest, model: string, warnings: string[]): number {
  const completion = optionalNumberField(body, 'max_completion_tokens')
  const legacy = optionalNumberField(body, 'max_tokens')
  if (completion !== undefined && legacy !== undefined && completion !== legacy) {
    warnings.push('max_tokens: both max_tokens and max_completion_tokens set; max_completion_tokens used')
  }
  const value = completion ?? legacy ?? defaultMaxTokens(model)
  const field = completion !== undefined ? 'max_completion_tokens' : 'max_tokens'
  // 0 is valid for Anthropic: it warms the prompt cache without generating.
  if (!Number.isInteger(value) || value < 0) throw invalid(field, 'must be a non-negative integer')
  return value
}

function stopSequences(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined
  const list = typeof stop === 'string' ? [stop] : stop
  if (!Array.isArray(list) || !list.every((s): s is string => typeof s === 'string')) {
    throw invalid('stop', 'must be a string or an array of strings')
  }
  return list.length > 0 ? list : undefined
}

/** Fields Anthropic cannot honour: an error where the caller would get a different kind of answer. */
function rejectUnsupported(body: OpenAIChatRequest): void {
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw invalid('n', 'Anthropic returns a single choice; n must be 1')
  }
  if (body['logprobs'] === true) throw invalid('logprobs', 'Anthropic does not return log probabilities')
  const top = body['top_logprobs']
  if (typeof top === 'number' && top > 0)
    throw invalid('top_logprobs', 'Anthropic does not return log probabilities')
  const modalities = body['modalities']
  if (Array.isArray(modalities) && modalities.some((m) => m !== 'text')) {
    throw invalid('modalities', 'Anthropic produces text only')
  }
  if (body['audio'] !== undefined && body['audio'] !== null)
    throw invalid('audio', 'Anthropic produces text only')
}

function warnIgnored(body: OpenAIChatRequest, warnings: string[]): void {
  if (body.seed !== undefined && body.seed !== null)
    warnings.push('seed: not supported by Anthropic; ignored')
  for (const key of ['frequency_penalty', 'presence_penalty'] as const) {
    const value = body[key]
    if (typeof value === 'number' && value !== 0) warnings.push(`${key}: not supported by Anthropic; ignored`)
  }
  const bias = body['logit_bias']
  if (isRecord(bias) && Object.keys(bias).length > 0)
    warnings.push('logit_bias: not supported by Anthropic; ignored')
  for (const key of Object.keys(body)) {
    if (!HANDLED.has(key) && body[key] !== undefined)
      warnings.push(`${key}: not supported by Anthropic; ignored`)
  }
}

function samplingFields(body: OpenAIChatRequest, out: AnthropicRequest, warnings: string[]): void {
  const temperature = optionalNumberField(body, 'temperature')
  if (temperature !== undefined) {
    // OpenAI's range is 0–2, Anthropic's 0–1: the hottest Anthropic setting is the closest faithful value.
    if (temperature > 1) warnings.push(`temperature: ${temperature} exceeds Anthropic's maximum of 1; sent 1`)
    out.temperature = Math.min(temperature, 1)
  }
  const topP = optionalNumberField(body, 'top_p')
  if (topP !== undefined) out.top_p = topP
  const topK = optionalNumberField(body, 'top_k')
  if (topK !== undefined) out.top_k = topK
  const stop = stopSequences(body.stop)
  if (stop) out.stop_sequences = stop
}

export function toAnthropicRequest(body: OpenAIChatRequest, context: TranslateContext): TranslatedRequest {
  if (!isRecord(body)) throw invalid('body', 'must be a JSON object')
  const warnings: string[] = []
  rejectUnsupported(body)
  const { system, messages } = convertMessages(body.messages, warnings)
  const out: AnthropicRequest = {
    model: context.model,
    max_tokens: maxTokens(body, context.model, warnings),
    messages,
  }
  if (system !== undefined) out.system = system
  samplingFields(body, out, warnings)
  const { tools, tool_choice } = convertTools(body, warnings)
  if (tools) out.tools = tools
  if (tool_choice) out.tool_choice = tool_choice
  if (body.user !== undefined && body.user !== null) {
    if (typeof body.user !== 'string') throw invalid('user', 'must be a string')
    out.metadata = { user_id: body.user }
  }
  if (context.stream) out.stream = true
  warnIgnored(body, warnings)
  return { path: MESSAGES_PATH, body: out, headers: { 'anthropic-version': ANTHROPIC_VERSION }, warnings }
}
