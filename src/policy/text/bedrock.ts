import { anthropicRequestText, anthropicResponseText } from './anthropic.js'
import { argumentsText, asArray, isRecord, pointer, SegmentSink, type JsonRecord } from './json.js'
import { openaiRequestText } from './openai.js'
import type { SegmentKind } from './types.js'

/**
 * Bedrock: the Converse API's own shape, or InvokeModel with the model family's native body (Anthropic,
 * Llama/Mistral `prompt`, Titan `inputText`, Cohere `texts`).
 */

function addConverseBlocks(
  sink: SegmentSink,
  content: unknown,
  at: string,
  kind: SegmentKind,
  role?: string,
): void {
  asArray(content).forEach((block, index) => {
    if (!isRecord(block)) return
    const where = pointer(at, index)
    sink.add(block.text, pointer(where, 'text'), kind, role)
    if (isRecord(block.toolUse)) {
      sink.add(argumentsText(block.toolUse.input), pointer(where, 'toolUse', 'input'), 'tool-call', role)
    }
    if (isRecord(block.toolResult)) {
      asArray(block.toolResult.content).forEach((part, partIndex) => {
        if (!isRecord(part)) return
        const at2 = pointer(where, 'toolResult', 'content', partIndex)
        sink.add(part.text, pointer(at2, 'text'), 'tool-result', role)
        sink.add(argumentsText(part.json), pointer(at2, 'json'), 'tool-result', role)
      })
    }
    if (isRecord(block.reasoningContent) && isRecord(block.reasoningContent.reasoningText)) {
      const text = block.reasoningContent.reasoningText.text
      sink.add(text, pointer(where, 'reasoningContent', 'reasoningText', 'text'), 'reasoning', role)
    }
  })
}

function isConverse(json: JsonRecord): boolean {
  const first = asArray(json.messages)[0]
  if (!isRecord(first)) return Array.isArray(json.system) && json.anthropic_version === undefined
  const content = asArray(first.content)[0]
  return json.anthropic_version === undefined && isRecord(content) && content.type === undefined
}

export function bedrockRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  if (json.anthropic_version !== undefined) return anthropicRequestText(json, sink)
  if (isConverse(json)) {
    asArray(json.system).forEach((block, index) => {
      if (isRecord(block)) sink.add(block.text, pointer('', 'system', index, 'text'), 'system', 'system')
    })
    asArray(json.messages).forEach((message, index) => {
      if (!isRecord(message)) return
      const role = typeof message.role === 'string' ? message.role : undefined
      addConverseBlocks(sink, message.content, pointer('', 'messages', index, 'content'), 'message', role)
    })
    return true
  }
  let known = openaiRequestText(json, sink)
  if (typeof json.inputText === 'string') {
    known = true
    sink.add(json.inputText, '/inputText', 'message', 'user')
  }
  if (json.texts !== undefined) {
    known = true
    sink.addStrings(json.texts, '/texts', 'message', 'user')
  }
  return known
}

export function bedrockResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  if (isRecord(json.output) && isRecord(json.output.message)) {
    addConverseBlocks(sink, json.output.message.content, '/output/message/content', 'message', 'assistant')
    return true
  }
  if (anthropicResponseText(json, sink)) return true
  let known = false
  for (const key of ['generation', 'outputText', 'completion'] as const) {
    if (typeof json[key] === 'string') {
      known = true
      sink.add(json[key], `/${key}`, 'message', 'assistant')
    }
  }
  for (const key of ['outputs', 'results', 'generations'] as const) {
    asArray(json[key]).forEach((item, index) => {
      if (!isRecord(item)) return
      known = true
      sink.add(item.text ?? item.outputText, pointer('', key, index), 'message', 'assistant')
    })
  }
  return known
}
