import type { OpenAIMessage, OpenAIToolCall } from '../types.js'
import { contentParts, partText, textOf } from '../identity/hub-content.js'
import { invalidRequest } from '../identity/hub-errors.js'
import { isRecord } from '../identity/hub-json.js'
import { userParts } from './parts.js'
import type { GeminiContent, GeminiPart, GeminiRole } from './wire.js'

/**
 * Gemini 3 rejects replayed function calls that lack the model's `thoughtSignature`, which OpenAI clients cannot keep.
 * Google documents this value for history the model did not produce itself:
 * https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator'

/** Same placeholder as the Anthropic translator, so a history opening with the assistant behaves alike. */
export const LEADING_USER_PLACEHOLDER = '(conversation continues)'

export interface ContentsResult {
  contents: GeminiContent[]
  systemInstruction?: { parts: Array<{ text: string }> }
  warnings: string[]
}

interface Builder {
  contents: GeminiContent[]
  system: Array<{ text: string }>
  warnings: string[]
  /** tool_call_id → function name; later calls reuse ids (`call_0` every turn), so the latest wins. */
  toolNames: Map<string, string>
  signFunctionCalls: boolean
}

/** Gemini wants user/model turns to alternate, so consecutive messages of one role share a turn. */
function append(builder: Builder, role: GeminiRole, parts: GeminiPart[]): void {
  const last = builder.contents.at(-1)
  if (last?.role === role) last.parts.push(...parts)
  else builder.contents.push({ role, parts })
}

function toolCallArgs(call: OpenAIToolCall, path: string): Record<string, unknown> {
  const text = call.function.arguments
  if (typeof text !== 'string') throw invalidRequest(`${path}.function.arguments`, 'must be a JSON string')
  let args: unknown
  try {
    args = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw invalidRequest(`${path}.function.arguments`, 'is not valid JSON')
  }
  if (!isRecord(args)) throw invalidRequest(`${path}.function.arguments`, 'must be a JSON object for Gemini')
  return args
}

function assistantParts(message: OpenAIMessage, path: string, builder: Builder): GeminiPart[] {
  const texts = contentParts(message.content, `${path}.content`).map((part, index) => {
    const at = `${path}.content[${index}]`
    if (part.type === 'text') return partText(part, at)
    if (part.type === 'refusal' && typeof part.refusal === 'string') return part.refusal
    throw invalidRequest(`${at}.type`, `"${part.type}" is not supported in assistant messages`)
  })
  const parts: GeminiPart[] = texts.length > 0 && texts.join('') !== '' ? [{ text: texts.join('\n') }] : []
  const calls: unknown = message.tool_calls
  if (calls === undefined || calls === null) return parts
  if (!Array.isArray(calls)) throw invalidRequest(`${path}.tool_calls`, 'must be an array')
  calls.forEach((call: unknown, index) => {
    const at = `${path}.tool_calls[${index}]`
    if (
      !isRecord(call) ||
      typeof call.id !== 'string' ||
      !isRecord(call.function) ||
      typeof call.function.name !== 'string'
    ) {
      throw invalidRequest(at, 'must be {id, type: "function", function: {name, arguments}}')
    }
    const typed = call as unknown as OpenAIToolCall
    builder.toolNames.set(typed.id, typed.function.name)
    const part: GeminiPart = { functionCall: { name: typed.function.name, args: toolCallArgs(typed, at) } }
    if (builder.signFunctionCalls && index === 0) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE
    parts.push(part)
  })
  return parts
}

/** Gemini's `response` must be an object: JSON objects go as they are, anything else as `{output}` (Google's key). */
function toolResponse(message: OpenAIMessage, path: string): Record<string, unknown> {
  const text = textOf(message.content, `${path}.content`, 'Gemini')
  try {
    const parsed: unknown = JSON.parse(text)
    return isRecord(parsed) ? parsed : { output: parsed }
  } catch {
    return { output: text }
  }
}

function toolName(message: OpenAIMessage, path: string, builder: Builder): string {
  if (message.role === 'function') {
    if (typeof message.name !== 'string')
      throw invalidRequest(`${path}.name`, 'function messages need the function name')
    return message.name
  }
  const id = message.tool_call_id
  if (typeof id !== 'string') throw invalidRequest(`${path}.tool_call_id`, 'must be a string')
  const name = builder.toolNames.get(id)
  if (name === undefined) {
    throw invalidRequest(
      `${path}.tool_call_id`,
      `no earlier assistant message has a tool call with id "${id}"`,
    )
  }
  return name
}

function addMessage(message: OpenAIMessage, index: number, builder: Builder): void {
  const path = `messages[${index}]`
  switch (message.role) {
    case 'system':
    case 'developer': {
      if (builder.contents.length > 0) {
        builder.warnings.push(
          `${path}: Gemini has one system instruction; this ${message.role} message was moved into it`,
        )
      }
      const parts = contentParts(message.content, `${path}.content`)
      parts.forEach((part, j) => {
        if (part.type !== 'text')
          throw invalidRequest(
            `${path}.content[${j}].type`,
            `"${part.type}" is not supported in system messages`,
          )
        builder.system.push({ text: partText(part, `${path}.content[${j}]`) })
      })
      return
    }
    case 'user': {
      const parts = userParts(message.content, `${path}.content`)
      if (parts.length === 0) throw invalidRequest(`${path}.content`, 'must not be empty')
      return append(builder, 'user', parts)
    }
    case 'assistant': {
      const parts = assistantParts(message, path, builder)
      if (parts.length === 0) return void builder.warnings.push(`${path}: empty assistant message skipped`)
      return append(builder, 'model', parts)
    }
    case 'tool':
    case 'function': {
      const name = toolName(message, path, builder)
      return append(builder, 'user', [{ functionResponse: { name, response: toolResponse(message, path) } }])
    }
    default:
      throw invalidRequest(`${path}.role`, `"${String(message.role)}" is not a chat role`)
  }
}

/** OpenAI messages → Gemini `contents` (alternating user/model, starting with user) and `systemInstruction`. */
export function toGeminiContents(messages: OpenAIMessage[], signFunctionCalls: boolean): ContentsResult {
  const builder: Builder = { contents: [], system: [], warnings: [], toolNames: new Map(), signFunctionCalls }
  messages.forEach((message, index) => addMessage(message, index, builder))
  const named = messages.findIndex(
    (message) => typeof message.name === 'string' && message.role !== 'function',
  )
  if (named !== -1)
    builder.warnings.push(`messages[${named}].name: participant names are not supported by Gemini, ignored`)
  const first = builder.contents[0]
  if (first === undefined)
    throw invalidRequest('messages', 'at least one user or assistant message is required')
  if (first.role !== 'user') {
    builder.warnings.push(
      `messages: Gemini requires a leading user turn; inserted '${LEADING_USER_PLACEHOLDER}'`,
    )
    builder.contents.unshift({ role: 'user', parts: [{ text: LEADING_USER_PLACEHOLDER }] })
  }
  const result: ContentsResult = { contents: builder.contents, warnings: builder.warnings }
  if (builder.system.length > 0) result.systemInstruction = { parts: builder.system }
  return result
}
