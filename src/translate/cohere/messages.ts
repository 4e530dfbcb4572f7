import type { OpenAIMessage } from '../types.js'
import { contentParts, partField, partText, textOf } from '../identity/hub-content.js'
import { invalidRequest } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import type { CohereMessage, CohereToolCall, CohereUserContent } from './wire.js'

const DETAILS = new Set(['auto', 'low', 'high'])

function userContent(message: OpenAIMessage, path: string): string | CohereUserContent {
  if (typeof message.content === 'string') return message.content
  return contentParts(message.content, path).map((part, index) => {
    const at = `${path}[${index}]`
    if (part.type === 'text') return { type: 'text' as const, text: partText(part, at) }
    if (part.type !== 'image_url')
      throw invalidRequest(`${at}.type`, `"${part.type}" is not supported by Cohere`)
    const image = partField(part, 'image_url')
    if (!isRecord(image) || typeof image.url !== 'string')
      throw invalidRequest(`${at}.image_url.url`, 'must be a string')
    const out: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: image.url }
    if (typeof image.detail === 'string' && DETAILS.has(image.detail))
      out.detail = image.detail as 'auto' | 'low' | 'high'
    return { type: 'image_url' as const, image_url: out }
  })
}

function toolCalls(message: OpenAIMessage, path: string): CohereToolCall[] {
  const calls: unknown = message.tool_calls
  if (calls === undefined || calls === null) return []
  if (!Array.isArray(calls)) throw invalidRequest(`${path}.tool_calls`, 'must be an array')
  return calls.map((call: unknown, index) => {
    const at = `${path}.tool_calls[${index}]`
    if (
      !isRecord(call) ||
      typeof call.id !== 'string' ||
      !isRecord(call.function) ||
      typeof call.function.name !== 'string' ||
      typeof call.function.arguments !== 'string'
    ) {
      throw invalidRequest(at, 'must be {id, type: "function", function: {name, arguments}}')
    }
    return {
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments },
    }
  })
}

/**
 * An assistant turn: Cohere puts the text written before tool calls in `tool_plan` (the response side maps it back
 * to `content`), so the round trip keeps it.
 */
function assistantMessage(message: OpenAIMessage, path: string): CohereMessage | undefined {
  const text = textOf(message.content, `${path}.content`, 'Cohere')
  const calls = toolCalls(message, path)
  if (calls.length > 0)
    return text === ''
      ? { role: 'assistant', tool_calls: calls }
      : { role: 'assistant', tool_calls: calls, tool_plan: text }
  if (text === '') return undefined
  return { role: 'assistant', content: text }
}

function toMessage(message: OpenAIMessage, index: number, warnings: string[]): CohereMessage | undefined {
  const path = `messages[${index}]`
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content, `${path}.content`, 'Cohere') }
    case 'user':
      return { role: 'user', content: userContent(message, `${path}.content`) }
    case 'assistant': {
      const out = assistantMessage(message, path)
      if (out === undefined) warnings.push(`${path}: empty assistant message skipped`)
      return out
    }
    case 'tool': {
      if (typeof message.tool_call_id !== 'string')
        throw invalidRequest(`${path}.tool_call_id`, 'must be a string')
      return {
        role: 'tool',
        tool_call_id: message.tool_call_id,
        content: textOf(message.content, `${path}.content`, 'Cohere'),
      }
    }
    case 'function':
      throw invalidRequest(
        `${path}.role`,
        'legacy "function" messages have no tool_call_id, which Cohere requires; use "tool"',
      )
    default:
      throw invalidRequest(`${path}.role`, `"${String(message.role)}" is not a chat role`)
  }
}

export function toCohereMessages(messages: OpenAIMessage[], warnings: string[]): CohereMessage[] {
  const out: CohereMessage[] = []
  messages.forEach((message, index) => {
    const converted = toMessage(message, index, warnings)
    if (converted !== undefined) out.push(converted)
  })
  const named = messages.findIndex((message) => typeof message.name === 'string')
  if (named !== -1)
    warnings.push(`messages[${named}].name: participant names are not supported by Cohere, ignored`)
  if (!out.some((message) => message.role === 'user'))
    throw invalidRequest('messages', 'Cohere needs at least one user message')
  return out
}
