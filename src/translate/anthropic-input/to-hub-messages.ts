/** Anthropic `system` + `messages` → OpenAI `messages`: tool_result blocks become `tool` messages. */
import { isRecord, optionalString } from '../anthropic-messages/guards.js'
import type { OpenAIContentPart, OpenAIMessage, OpenAITextPart, OpenAIToolCall } from '../types.js'
import {
  invalid,
  noteCacheControl,
  textContent,
  textPart,
  toolResultContent,
  userPart,
} from './to-hub-content.js'

function blocksOf(content: unknown, path: string): Array<[Record<string, unknown>, string]> {
  if (!Array.isArray(content)) throw invalid(path, 'must be a string or an array of content blocks')
  return content.map((block: unknown, j): [Record<string, unknown>, string] => {
    if (!isRecord(block)) throw invalid(`${path}[${j}]`, 'must be an object')
    return [block, `${path}[${j}]`]
  })
}

export function systemMessage(system: unknown, warnings: string[], at = 'system'): OpenAIMessage | undefined {
  if (system === undefined || system === null) return undefined
  if (typeof system === 'string') return system === '' ? undefined : { role: 'system', content: system }
  const parts = blocksOf(system, at).map(([block, path]) => {
    if (block['type'] !== 'text') throw invalid(`${path}.type`, 'system blocks must be text')
    noteCacheControl(block, path, warnings)
    return textPart(block, path)
  })
  return parts.length === 0 ? undefined : { role: 'system', content: textContent(parts) }
}

function userMessages(content: unknown, path: string, warnings: string[]): OpenAIMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }]
  const tools: OpenAIMessage[] = []
  const parts: OpenAIContentPart[] = []
  for (const [block, blockPath] of blocksOf(content, path)) {
    if (block['type'] !== 'tool_result') {
      parts.push(userPart(block, blockPath, warnings))
      continue
    }
    const id = optionalString(block['tool_use_id'])
    if (id === undefined) throw invalid(`${blockPath}.tool_use_id`, 'Field required')
    if (parts.length > 0) warnings.push(`${blockPath}: tool_result moved before the text of its turn`)
    tools.push({ role: 'tool', tool_call_id: id, content: toolResultContent(block, blockPath, warnings) })
  }
  if (parts.length === 0 && tools.length === 0) throw invalid(path, 'must not be empty')
  if (parts.length === 0) return tools
  const onlyText = parts.every((p): p is OpenAITextPart => p.type === 'text')
  return [...tools, { role: 'user', content: onlyText ? textContent(parts) : parts }]
}

function toolCall(block: Record<string, unknown>, path: string): OpenAIToolCall {
  const id = optionalString(block['id'])
  const name = optionalString(block['name'])
  if (id === undefined) throw invalid(`${path}.id`, 'Field required')
  if (name === undefined) throw invalid(`${path}.name`, 'Field required')
  const input = block['input'] ?? {}
  if (!isRecord(input)) throw invalid(`${path}.input`, 'must be an object')
  return { id, type: 'function', function: { name, arguments: JSON.stringify(input) } }
}

function assistantMessage(content: unknown, path: string, warnings: string[]): OpenAIMessage | undefined {
  if (typeof content === 'string') return { role: 'assistant', content }
  const text: OpenAITextPart[] = []
  const calls: OpenAIToolCall[] = []
  for (const [block, blockPath] of blocksOf(content, path)) {
    noteCacheControl(block, blockPath, warnings)
    const type = block['type']
    if (type === 'text') text.push(textPart(block, blockPath))
    else if (type === 'tool_use') calls.push(toolCall(block, blockPath))
    else if (type === 'thinking' || type === 'redacted_thinking') {
      warnings.push(`${blockPath}: ${type} blocks are Anthropic-specific and are not sent to other providers`)
    } else throw invalid(`${blockPath}.type`, `'${String(type)}' blocks cannot be sent to other providers`)
  }
  if (text.length === 0 && calls.length === 0) return undefined
  const message: OpenAIMessage = { role: 'assistant', content: text.length > 0 ? textContent(text) : null }
  if (calls.length > 0) message.tool_calls = calls
  return message
}

export function hubMessages(messages: unknown, warnings: string[]): OpenAIMessage[] {
  if (!Array.isArray(messages)) throw invalid('messages', 'Field required')
  if (messages.length === 0) throw invalid('messages', 'at least one message is required')
  return messages.flatMap((message: unknown, i): OpenAIMessage[] => {
    const path = `messages[${i}]`
    if (!isRecord(message)) throw invalid(path, 'must be an object')
    const role = message['role']
    if (role === 'user') return userMessages(message['content'], `${path}.content`, warnings)
    if (role === 'assistant') {
      const out = assistantMessage(message['content'], `${path}.content`, warnings)
      return out ? [out] : []
    }
    if (role === 'system') {
      // Mid-conversation system messages (Anthropic's `role: "system"` turns) keep their place in the hub.
      const out = systemMessage(message['content'], warnings, `${path}.content`)
      return out ? [out] : []
    }
    throw invalid(`${path}.role`, "must be 'user', 'assistant' or 'system'")
  })
}
