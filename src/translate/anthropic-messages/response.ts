/** Anthropic Message (JSON) → OpenAI chat completion (F019, F023). */
import type { Clock } from '../../core/clock.js'
import type { OpenAIChatCompletion, OpenAIToolCall } from '../types.js'
import type { HubContext } from '../identity/hub-context.js'
import { invalidUpstream } from '../identity/hub-errors.js'
import { JSON_RESPONSE_TOOL } from './conventions.js'
import { isRecord, optionalString } from './guards.js'
import { finishReasonFromAnthropic } from './stop-reason.js'
import { readAnthropicUsage, toOpenAIUsage } from './usage.js'

interface Collected {
  text: string[]
  toolCalls: OpenAIToolCall[]
}

/** Reads content blocks in order; thinking blocks are the model's private reasoning and are not part of the reply. */
function collect(content: unknown[], warnings: string[] | undefined): Collected {
  const out: Collected = { text: [], toolCalls: [] }
  content.forEach((block, i) => {
    if (!isRecord(block)) throw invalidUpstream(`content[${i}] is not an object`)
    if (block['type'] === 'text') {
      const text = optionalString(block['text'])
      if (text === undefined) throw invalidUpstream(`content[${i}].text is not a string`)
      out.text.push(text)
    } else if (block['type'] === 'tool_use') {
      const id = optionalString(block['id'])
      const name = optionalString(block['name'])
      if (id === undefined || name === undefined)
        throw invalidUpstream(`content[${i}] tool_use lacks id or name`)
      const args = JSON.stringify(block['input'] ?? {})
      // The forced JSON-answer tool (see conventions.ts) is the message content, not a call for the client.
      if (name === JSON_RESPONSE_TOOL) out.text.push(args)
      else out.toolCalls.push({ id, type: 'function', function: { name, arguments: args } })
    } else {
      warnings?.push(`content[${i}]: '${String(block['type'])}' blocks have no OpenAI counterpart; left out`)
    }
  })
  return out
}

export function fromAnthropicResponse(
  body: unknown,
  context: HubContext,
  clock: Clock,
): OpenAIChatCompletion {
  if (!isRecord(body) || body['type'] !== 'message') throw invalidUpstream('is not an Anthropic message')
  const content = body['content']
  if (!Array.isArray(content)) throw invalidUpstream('content is not an array')
  const { text, toolCalls } = collect(content, context.warnings)
  let finish = finishReasonFromAnthropic(body['stop_reason'])
  if (finish === 'tool_calls' && toolCalls.length === 0) finish = 'stop'
  const message: OpenAIChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '',
    refusal: null,
  }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return {
    id: optionalString(body['id']) ?? `msg_${clock.now()}`,
    object: 'chat.completion',
    created: Math.floor(clock.now() / 1000),
    model: optionalString(body['model']) ?? context.model,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage: toOpenAIUsage(readAnthropicUsage(body['usage'])),
  }
}
