import type { OpenAIChatCompletion, OpenAIToolCall } from '../types.js'
import { warn, type HubContext, type ResolvedOptions } from '../identity/hub-context.js'
import { invalidUpstream } from '../identity/hub-errors.js'
import { isRecord, recordField, stringField } from '../identity/hub-json.js'
import { MISSING_USAGE_WARNING, makeUsage } from '../identity/hub-usage.js'
import { cohereFinishReason, cohereToolCall, cohereUsage, isFailure } from './finish.js'

/** Text of a Cohere message; `thinking` blocks are the model's reasoning, not its answer. */
function messageText(message: Record<string, unknown>): string {
  const content = message.content
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .filter(
      (item): item is Record<string, unknown> =>
        isRecord(item) && item.type === 'text' && typeof item.text === 'string',
    )
    .map((item) => String(item.text))
    .join('')
}

/**
 * Cohere v2 chat response → OpenAI chat completion. Cohere names neither model nor time, so they come from the
 * request context and the clock. A `tool_plan` is the text written before tool calls, OpenAI's `content`.
 */
export function cohereResponse(
  body: unknown,
  context: HubContext,
  options: ResolvedOptions,
): OpenAIChatCompletion {
  if (!isRecord(body)) throw invalidUpstream('Cohere response is not a JSON object')
  const message = recordField(body, 'message')
  if (message === undefined) throw invalidUpstream('Cohere response has no "message"')
  const toolCalls: OpenAIToolCall[] = []
  const rawCalls = Array.isArray(message.tool_calls) ? message.tool_calls : []
  for (const raw of rawCalls) {
    const call = cohereToolCall(raw)
    if (call === undefined) throw invalidUpstream('Cohere tool call lacks id or function name')
    toolCalls.push(call)
  }
  const text = messageText(message) || (toolCalls.length > 0 ? (stringField(message, 'tool_plan') ?? '') : '')
  const reason = body.finish_reason
  if (isFailure(reason)) warn(context, `Cohere ended the generation with ${String(reason)}`)
  const out: OpenAIChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: text === '' ? null : text,
  }
  if (toolCalls.length > 0) out.tool_calls = toolCalls
  let usage = cohereUsage(body.usage)
  if (usage === undefined) {
    warn(context, MISSING_USAGE_WARNING)
    usage = makeUsage(0, 0)
  }
  return {
    id: stringField(body, 'id') ?? options.newId(),
    object: 'chat.completion',
    created: options.nowSeconds(),
    model: context.model,
    choices: [
      {
        index: 0,
        message: out,
        finish_reason: cohereFinishReason(reason, toolCalls.length > 0),
        logprobs: null,
      },
    ],
    usage,
  }
}
