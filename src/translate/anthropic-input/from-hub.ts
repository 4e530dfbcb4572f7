/** OpenAI chat completion (the hub) → Anthropic Message, for clients of `…/compat/v1/messages`. */
import { GatewayError } from '../../core/errors.js'
import { isRecord, parseJson } from '../anthropic-messages/guards.js'
import { stopReasonFromOpenAI } from '../anthropic-messages/stop-reason.js'
import { toAnthropicUsage } from '../anthropic-messages/usage.js'
import type {
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolUseBlock,
} from '../anthropic-messages/wire-types.js'
import type { OpenAIChatCompletion, OpenAIToolCall } from '../types.js'

/** Anthropic tool_use input must be an object; a provider that produced malformed arguments cannot be relayed. */
function toolUse(call: OpenAIToolCall, path: string): AnthropicToolUseBlock {
  const args = call.function.arguments
  const parsed = args.trim() === '' ? { ok: true as const, value: {} } : parseJson(args)
  if (!parsed.ok || !isRecord(parsed.value)) {
    throw new GatewayError('internal', `upstream response ${path}.function.arguments is not a JSON object`)
  }
  return { type: 'tool_use', id: call.id, name: call.function.name, input: parsed.value }
}

export function hubToAnthropic(completion: OpenAIChatCompletion): AnthropicMessage {
  const choice = completion.choices[0]
  if (!choice) throw new GatewayError('internal', 'upstream response has no choices')
  const { message } = choice
  const content: Array<AnthropicTextBlock | AnthropicToolUseBlock> = []
  // OpenAI puts a refusal in its own field; for Anthropic clients it is what the model said.
  const refusal: unknown = isRecord(message) ? message['refusal'] : undefined
  const text = typeof message.content === 'string' && message.content !== '' ? message.content : refusal
  if (typeof text === 'string' && text !== '') content.push({ type: 'text', text })
  ;(message.tool_calls ?? []).forEach((call, i) =>
    content.push(toolUse(call, `choices[0].message.tool_calls[${i}]`)),
  )
  const stopReason =
    typeof refusal === 'string' && refusal !== '' ? 'refusal' : stopReasonFromOpenAI(choice.finish_reason)
  return {
    id: completion.id,
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: toAnthropicUsage(completion.usage),
  }
}
