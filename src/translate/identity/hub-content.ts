import type { OpenAIContentPart, OpenAIMessage } from '../types.js'
import { invalidRequest } from './hub-errors.js'
import { isRecord } from './hub-json.js'

/** The parts of a message's content, validated as an array of typed objects (a string becomes one text part). */
export function contentParts(content: OpenAIMessage['content'], path: string): OpenAIContentPart[] {
  if (content === undefined || content === null) return []
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  if (!Array.isArray(content)) throw invalidRequest(path, 'must be a string or an array of content parts')
  return content.map((part, index) => {
    if (!isRecord(part) || typeof part.type !== 'string') {
      throw invalidRequest(`${path}[${index}]`, 'must be an object with a string "type"')
    }
    return part
  })
}

export function partText(part: OpenAIContentPart, path: string): string {
  const text: unknown = 'text' in part ? part.text : undefined
  if (typeof text !== 'string') throw invalidRequest(`${path}.text`, 'must be a string')
  return text
}

/**
 * The text of a content that may only hold text (system, assistant and tool messages). Multiple parts are joined
 * with a newline so that adjacent words never run together.
 */
export function textOf(content: OpenAIMessage['content'], path: string, target: string): string {
  const texts = contentParts(content, path).map((part, index) => {
    if (part.type === 'text') return partText(part, `${path}[${index}]`)
    throw invalidRequest(`${path}[${index}].type`, `"${part.type}" is not supported here by ${target}`)
  })
  return texts.join('\n')
}

export function messagesOf(body: { messages?: unknown }): OpenAIMessage[] {
  const messages = body.messages
  if (!Array.isArray(messages)) throw invalidRequest('messages', 'must be an array')
  return messages.map((message, index) => {
    if (!isRecord(message) || typeof message.role !== 'string') {
      throw invalidRequest(`messages[${index}]`, 'must be an object with a string "role"')
    }
    return message as unknown as OpenAIMessage
  })
}

/** A field of a content part whose type is only known at run time. */
export function partField(part: OpenAIContentPart, key: string): unknown {
  const value: unknown = Reflect.get(part, key)
  return value
}
