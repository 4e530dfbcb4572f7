/**
 * Anthropic Messages request (a client on `…/compat/v1/messages`) → OpenAI chat request (the hub), from where
 * any provider's translator takes it. `model` is kept as sent (`{provider}/{model}`, F013) for routing.
 */
import { isRecord, optionalString } from '../anthropic-messages/guards.js'
import type { OpenAIChatRequest } from '../types.js'
import { invalid } from './to-hub-content.js'
import { hubMessages, systemMessage } from './to-hub-messages.js'
import { hubToolFields } from './to-hub-tools.js'

export interface HubRequest {
  body: OpenAIChatRequest
  warnings: string[]
}

const HANDLED = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'output_config',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'thinking',
  'mcp_servers',
])

function numberField(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(key, 'must be a number')
  return value
}

function requiredFields(body: Record<string, unknown>): { model: string; maxTokens: number } {
  const model = optionalString(body['model'])
  if (model === undefined || model === '') throw invalid('model', 'Field required')
  const maxTokens = numberField(body, 'max_tokens')
  if (maxTokens === undefined) throw invalid('max_tokens', 'Field required')
  // 0 is valid for Anthropic (it only warms the prompt cache); the target provider decides what it makes of it.
  if (!Number.isInteger(maxTokens) || maxTokens < 0)
    throw invalid('max_tokens', 'must be a non-negative integer')
  return { model, maxTokens }
}

function samplingFields(body: Record<string, unknown>, out: OpenAIChatRequest, warnings: string[]): void {
  const temperature = numberField(body, 'temperature')
  if (temperature !== undefined) out.temperature = temperature
  const topP = numberField(body, 'top_p')
  if (topP !== undefined) out.top_p = topP
  if (numberField(body, 'top_k') !== undefined) warnings.push('top_k: OpenAI chat has no top_k; ignored')
  const stop = body['stop_sequences']
  if (stop !== undefined && stop !== null) {
    if (!Array.isArray(stop) || !stop.every((s): s is string => typeof s === 'string')) {
      throw invalid('stop_sequences', 'must be an array of strings')
    }
    if (stop.length > 0) out.stop = stop
  }
}

function otherFields(body: Record<string, unknown>, out: OpenAIChatRequest, warnings: string[]): void {
  const metadata = body['metadata']
  if (isRecord(metadata) && typeof metadata['user_id'] === 'string') out.user = metadata['user_id']
  const thinking = body['thinking']
  if (isRecord(thinking) && thinking['type'] !== 'disabled') {
    warnings.push(
      'thinking: extended thinking is Anthropic-specific and is not carried through the OpenAI hub; ignored',
    )
  }
  const servers = body['mcp_servers']
  if (Array.isArray(servers) && servers.length > 0) {
    throw invalid('mcp_servers', 'MCP connectors run inside Anthropic and cannot be sent to other providers')
  }
  for (const key of Object.keys(body)) {
    if (!HANDLED.has(key) && body[key] !== undefined)
      warnings.push(`${key}: not carried through the OpenAI hub; ignored`)
  }
}

export function anthropicToHub(body: unknown): HubRequest {
  if (!isRecord(body)) throw invalid('body', 'must be a JSON object')
  const warnings: string[] = []
  const { model, maxTokens } = requiredFields(body)
  const system = systemMessage(body['system'], warnings)
  const messages = hubMessages(body['messages'], warnings)
  const out: OpenAIChatRequest = {
    model,
    messages: system ? [system, ...messages] : messages,
    max_tokens: maxTokens,
  }
  samplingFields(body, out, warnings)
  Object.assign(out, hubToolFields(body, warnings))
  if (body['stream'] === true) {
    out.stream = true
    // message_delta must carry usage, and OpenAI only sends it when asked.
    out.stream_options = { include_usage: true }
  }
  otherFields(body, out, warnings)
  return { body: out, warnings }
}
