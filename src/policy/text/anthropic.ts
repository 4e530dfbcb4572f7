import { argumentsText, asArray, isRecord, pointer, SegmentSink, type JsonRecord } from './json.js'
import { noText, type EventText, type SegmentKind } from './types.js'

/** Anthropic Messages: requests, responses and the SSE stream; also the input of `/compat/v1/messages`. */

function addBlocks(sink: SegmentSink, content: unknown, at: string, kind: SegmentKind, role?: string): void {
  if (typeof content === 'string') return sink.add(content, at, kind, role)
  asArray(content).forEach((block, index) => addBlock(sink, block, pointer(at, index), kind, role))
}

function addBlock(sink: SegmentSink, block: unknown, at: string, kind: SegmentKind, role?: string): void {
  if (!isRecord(block)) return
  switch (block.type) {
    case 'text':
      return sink.add(block.text, pointer(at, 'text'), kind, role)
    case 'thinking':
      return sink.add(block.thinking, pointer(at, 'thinking'), 'reasoning', role)
    case 'tool_use':
    case 'server_tool_use':
      return sink.add(argumentsText(block.input), pointer(at, 'input'), 'tool-call', role)
    case 'tool_result':
      return addBlocks(sink, block.content, pointer(at, 'content'), 'tool-result', role)
    case 'document': {
      // Plain-text documents are text; base64 PDFs and URLs are not decoded or followed (F215).
      const source = isRecord(block.source) ? block.source : undefined
      if (source?.type === 'text') sink.add(source.data, pointer(at, 'source', 'data'), kind, role)
      if (source?.type === 'content')
        addBlocks(sink, source.content, pointer(at, 'source', 'content'), kind, role)
      return
    }
    default:
      return
  }
}

export function anthropicRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = false
  if (json.system !== undefined) {
    known = true
    addBlocks(sink, json.system, '/system', 'system', 'system')
  }
  if (Array.isArray(json.messages)) {
    known = true
    json.messages.forEach((message, index) => {
      if (!isRecord(message)) return
      const role = typeof message.role === 'string' ? message.role : undefined
      addBlocks(sink, message.content, pointer('', 'messages', index, 'content'), 'message', role)
    })
  }
  if (typeof json.prompt === 'string') {
    known = true
    sink.add(json.prompt, '/prompt', 'message', 'user')
  }
  return known
}

export function anthropicResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  if (Array.isArray(json.content)) {
    addBlocks(sink, json.content, '/content', 'message', 'assistant')
    return true
  }
  if (typeof json.completion === 'string') {
    sink.add(json.completion, '/completion', 'message', 'assistant')
    return true
  }
  return false
}

function blockStartText(json: JsonRecord, channel: string, out: EventText): void {
  const block = isRecord(json.content_block) ? json.content_block : undefined
  if (!block) return
  if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
    out.pieces.push({ channel, text: block.text, kind: 'message' })
  } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
    const text = argumentsText(block.input)
    if (text) out.pieces.push({ channel, text, kind: 'tool-call' })
  }
}

function blockDeltaText(json: JsonRecord, channel: string, out: EventText): void {
  const delta = isRecord(json.delta) ? json.delta : undefined
  if (!delta) return
  const push = (value: unknown, kind: SegmentKind): void => {
    if (typeof value === 'string' && value !== '') out.pieces.push({ channel, text: value, kind })
  }
  if (delta.type === 'text_delta') push(delta.text, 'message')
  else if (delta.type === 'input_json_delta') push(delta.partial_json, 'tool-call')
  else if (delta.type === 'thinking_delta') push(delta.thinking, 'reasoning')
}

export function anthropicEventText(data: string): EventText {
  const out = noText()
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return out
  }
  if (!isRecord(json)) return out
  const channel = `content/${typeof json.index === 'number' ? json.index : 0}`
  switch (json.type) {
    case 'content_block_start':
      blockStartText(json, channel, out)
      break
    case 'content_block_delta':
      blockDeltaText(json, channel, out)
      break
    case 'content_block_stop':
      out.closes.push(channel)
      break
    case 'message_stop':
      out.closes.push('')
      break
    default:
      break
  }
  return out
}
