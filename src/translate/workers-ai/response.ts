import type { OpenAIChatCompletion, OpenAIToolCall } from '../types.js'
import type { HubContext, ResolvedOptions } from '../identity/hub-context.js'
import { invalidUpstream } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import { normalizeCompletion, normalizeUsage } from '../identity/response.js'
import { envelopeMessage, nativeText, nativeToolCall } from './native.js'

function nativeCompletion(
  result: Record<string, unknown>,
  context: HubContext,
  options: ResolvedOptions,
): OpenAIChatCompletion {
  let calls = 0
  const nextId = (): string => `call_${calls++}`
  const toolCalls: OpenAIToolCall[] = []
  for (const raw of Array.isArray(result.tool_calls) ? result.tool_calls : []) {
    const call = nativeToolCall(raw, nextId)
    if (call === undefined) throw invalidUpstream('Workers AI tool call has no function name')
    toolCalls.push(call)
  }
  const message: OpenAIChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: nativeText(result.response),
  }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return {
    id: options.newId(),
    object: 'chat.completion',
    created: options.nowSeconds(),
    model: context.model,
    choices: [
      { index: 0, message, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop', logprobs: null },
    ],
    usage: normalizeUsage(result.usage, context),
  }
}

/**
 * Either shape Workers AI answers with: an OpenAI chat completion (possibly missing `id`, `created` or `usage`), or
 * the native `{result: {response, tool_calls, usage}, success}` envelope, whose `result` may itself be OpenAI-shaped.
 */
export function workersAiResponse(
  body: unknown,
  context: HubContext,
  options: ResolvedOptions,
): OpenAIChatCompletion {
  if (!isRecord(body)) throw invalidUpstream('Workers AI response is not a JSON object')
  if (Array.isArray(body.choices)) return normalizeCompletion(body, context, options, 'Workers AI')
  if (body.success === false) {
    throw invalidUpstream(
      `Workers AI reported failure: ${envelopeMessage(body.errors)?.message ?? 'no detail'}`,
    )
  }
  const result = isRecord(body.result) ? body.result : 'response' in body ? body : undefined
  if (result === undefined) throw invalidUpstream('Workers AI response has neither "choices" nor "result"')
  if (Array.isArray(result.choices)) return normalizeCompletion(result, context, options, 'Workers AI')
  return nativeCompletion(result, context, options)
}
