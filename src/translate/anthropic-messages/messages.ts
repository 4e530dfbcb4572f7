/**
 * OpenAI `messages` → Anthropic `system` + alternating `messages`.
 * Anthropic wants system text at the top level, turns alternating user/assistant starting with user, every
 * `tool_use` answered by a `tool_result` at the front of the next user turn, and no empty text.
 */
import { GatewayError } from '../../core/errors.js'
import type { OpenAIMessage, OpenAIToolCall } from '../types.js'
import { textBlocks, userBlocks } from './content.js'
import { isRecord, parseJson } from './guards.js'
import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './wire-types.js'

export interface ConvertedMessages {
  system?: string | AnthropicTextBlock[]
  messages: AnthropicMessageParam[]
}

interface Turn {
  role: 'user' | 'assistant'
  blocks: AnthropicContentBlock[]
}

/** Written when the history opens with an assistant turn, which Anthropic rejects. */
export const LEADING_USER_PLACEHOLDER = '(conversation continues)'

function invalid(path: string, why: string): GatewayError {
  return new GatewayError('invalid_request', `${path}: ${why}`)
}

/** Tool calls of the latest assistant message still waiting for their `tool` messages. */
interface PendingCalls {
  path: string
  ids: Set<string>
}

class TurnBuilder {
  readonly turns: Turn[] = []
  readonly system: AnthropicTextBlock[] = []
  pending: PendingCalls | undefined

  append(role: Turn['role'], blocks: AnthropicContentBlock[]): void {
    const last = this.turns[this.turns.length - 1]
    if (last && last.role === role) last.blocks.push(...blocks)
    else this.turns.push({ role, blocks: [...blocks] })
  }

  /** OpenAI (and Anthropic) require each tool call to be answered before the conversation moves on. */
  requireAnswered(path: string): void {
    if (!this.pending || this.pending.ids.size === 0) return
    const ids = [...this.pending.ids].join(', ')
    throw invalid(this.pending.path, `tool calls ${ids} have no tool message answering them before ${path}`)
  }
}

function toolUseBlock(call: OpenAIToolCall, path: string): AnthropicToolUseBlock {
  if (!isRecord(call) || typeof call.id !== 'string' || call.id === '')
    throw invalid(`${path}.id`, 'must be a string')
  if (call.type !== 'function') throw invalid(`${path}.type`, "only 'function' tool calls are supported")
  const fn: unknown = call.function
  if (!isRecord(fn) || typeof fn['name'] !== 'string')
    throw invalid(`${path}.function.name`, 'must be a string')
  const args = fn['arguments']
  if (typeof args !== 'string') throw invalid(`${path}.function.arguments`, 'must be a JSON string')
  const parsed = args.trim() === '' ? { ok: true as const, value: {} } : parseJson(args)
  if (!parsed.ok || !isRecord(parsed.value)) {
    throw invalid(`${path}.function.arguments`, 'must be a JSON object, as Anthropic tool_use input is')
  }
  return { type: 'tool_use', id: call.id, name: fn['name'], input: parsed.value }
}

function addAssistant(builder: TurnBuilder, message: OpenAIMessage, path: string, warnings: string[]): void {
  if ('function_call' in message && message.function_call !== undefined) {
    throw invalid(`${path}.function_call`, 'legacy function calls are not supported; use tool_calls')
  }
  const blocks: AnthropicContentBlock[] = textBlocks(message.content, `${path}.content`)
  const calls = message.tool_calls ?? []
  if (!Array.isArray(calls)) throw invalid(`${path}.tool_calls`, 'must be an array')
  const ids = new Set<string>()
  calls.forEach((call, j) => {
    const block = toolUseBlock(call, `${path}.tool_calls[${j}]`)
    ids.add(block.id)
    blocks.push(block)
  })
  if (blocks.length === 0) {
    warnings.push(`${path}: empty assistant message left out (Anthropic rejects empty turns)`)
    return
  }
  builder.append('assistant', blocks)
  builder.pending = ids.size > 0 ? { path: `${path}.tool_calls`, ids } : undefined
}

function addToolResult(builder: TurnBuilder, message: OpenAIMessage, path: string): void {
  const id = message.tool_call_id
  if (typeof id !== 'string' || id === '') throw invalid(`${path}.tool_call_id`, 'must be a string')
  if (!builder.pending?.ids.has(id)) {
    throw invalid(
      `${path}.tool_call_id`,
      `'${id}' does not answer a tool call of the preceding assistant message`,
    )
  }
  builder.pending.ids.delete(id)
  const text = textBlocks(message.content, `${path}.content`)
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: id }
  const only = text[0]
  if (text.length === 1 && only && only.cache_control === undefined) block.content = only.text
  else if (text.length > 0) block.content = text
  builder.append('user', [block])
}

function addMessage(builder: TurnBuilder, message: OpenAIMessage, path: string, warnings: string[]): void {
  const role: unknown = message.role
  if (role !== 'tool') builder.requireAnswered(path)
  if (role === 'system' || role === 'developer') {
    if (builder.turns.length > 0) {
      warnings.push(
        `${path}: ${role} message after the conversation started moved to the top-level system prompt`,
      )
    }
    builder.system.push(...textBlocks(message.content, `${path}.content`))
  } else if (role === 'user') {
    if (message.name !== undefined) warnings.push(`${path}.name: Anthropic has no participant names; ignored`)
    const blocks = userBlocks(message.content, `${path}.content`, warnings)
    if (blocks.length === 0) throw invalid(`${path}.content`, 'must not be empty')
    builder.append('user', blocks)
  } else if (role === 'assistant') addAssistant(builder, message, path, warnings)
  else if (role === 'tool') addToolResult(builder, message, path)
  else if (role === 'function')
    throw invalid(`${path}.role`, "legacy 'function' messages are not supported; use 'tool'")
  else throw invalid(`${path}.role`, `unknown role '${String(role)}'`)
}

/** Anthropic rejects a final assistant turn (a prefill) that ends in whitespace. */
function trimFinalAssistant(turns: Turn[], warnings: string[]): void {
  const last = turns[turns.length - 1]
  if (!last || last.role !== 'assistant') return
  const tail = last.blocks[last.blocks.length - 1]
  if (!tail || tail.type !== 'text' || tail.text.trimEnd() === tail.text) return
  warnings.push('messages: trailing whitespace of the final assistant message removed (Anthropic rejects it)')
  tail.text = tail.text.trimEnd()
  if (tail.text === '') last.blocks.pop()
  if (last.blocks.length === 0) turns.pop()
}

function toParam(turn: Turn): AnthropicMessageParam {
  const only = turn.blocks[0]
  if (turn.blocks.length === 1 && only?.type === 'text' && only.cache_control === undefined) {
    return { role: turn.role, content: only.text }
  }
  return { role: turn.role, content: turn.blocks }
}

export function convertMessages(messages: unknown, warnings: string[]): ConvertedMessages {
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalid('messages', 'must be a non-empty array')
  const builder = new TurnBuilder()
  messages.forEach((message: unknown, i) => {
    if (!isRecord(message)) throw invalid(`messages[${i}]`, 'must be an object')
    addMessage(builder, message as unknown as OpenAIMessage, `messages[${i}]`, warnings)
  })
  builder.requireAnswered('the end of messages')
  trimFinalAssistant(builder.turns, warnings)
  if (builder.turns.length === 0)
    throw invalid('messages', 'at least one user or assistant message is required')
  if (builder.turns[0]?.role === 'assistant') {
    warnings.push(`messages: Anthropic requires a leading user turn; inserted '${LEADING_USER_PLACEHOLDER}'`)
    builder.turns.unshift({ role: 'user', blocks: [{ type: 'text', text: LEADING_USER_PLACEHOLDER }] })
  }
  const result: ConvertedMessages = { messages: builder.turns.map(toParam) }
  const system = builder.system
  const first = system[0]
  if (system.length === 1 && first && first.cache_control === undefined) result.system = first.text
  else if (system.length > 0) result.system = system
  return result
}
