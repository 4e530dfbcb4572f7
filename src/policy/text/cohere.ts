import { argumentsText, asArray, isRecord, pointer, SegmentSink, type JsonRecord } from './json.js'
import { noText, type EventText, type SegmentKind } from './types.js'

/** Cohere Chat v2 (and the v1 `message`/`preamble`/`chat_history` fields). */

function kindOfRole(role: unknown): SegmentKind {
  if (role === 'system') return 'system'
  if (role === 'tool') return 'tool-result'
  return 'message'
}

function addContent(sink: SegmentSink, content: unknown, at: string, kind: SegmentKind, role?: string): void {
  if (typeof content === 'string') return sink.add(content, at, kind, role)
  asArray(content).forEach((part, index) => {
    if (!isRecord(part)) return
    if (typeof part.text === 'string') sink.add(part.text, pointer(at, index, 'text'), kind, role)
    else if (isRecord(part.document)) {
      sink.add(argumentsText(part.document.data), pointer(at, index, 'document', 'data'), kind, role)
    }
  })
}

function addMessage(sink: SegmentSink, message: JsonRecord, at: string): void {
  const role = typeof message.role === 'string' ? message.role.toLowerCase() : undefined
  addContent(sink, message.content, pointer(at, 'content'), kindOfRole(role), role)
  sink.add(message.tool_plan, pointer(at, 'tool_plan'), 'reasoning', role)
  sink.add(message.message, pointer(at, 'message'), kindOfRole(role), role)
  asArray(message.tool_calls).forEach((call, index) => {
    if (!isRecord(call)) return
    const fn = isRecord(call.function) ? call.function : undefined
    sink.add(
      argumentsText(fn?.arguments ?? call.parameters),
      pointer(at, 'tool_calls', index),
      'tool-call',
      role,
    )
  })
}

export function cohereRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = false
  if (Array.isArray(json.messages)) {
    known = true
    json.messages.forEach((message, index) => {
      if (isRecord(message)) addMessage(sink, message, pointer('', 'messages', index))
    })
  }
  if (Array.isArray(json.chat_history)) {
    known = true
    json.chat_history.forEach((message, index) => {
      if (isRecord(message)) addMessage(sink, message, pointer('', 'chat_history', index))
    })
  }
  if (typeof json.message === 'string' || typeof json.preamble === 'string') {
    known = true
    sink.add(json.preamble, '/preamble', 'system', 'system')
    sink.add(json.message, '/message', 'message', 'user')
  }
  if (Array.isArray(json.documents)) {
    known = true
    json.documents.forEach((document, index) => {
      const data = isRecord(document) && document.data !== undefined ? document.data : document
      sink.add(argumentsText(data), pointer('', 'documents', index), 'message')
    })
  }
  if (json.texts !== undefined || json.inputs !== undefined) {
    known = true
    sink.addStrings(json.texts, '/texts', 'message')
  }
  return known
}

export function cohereResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  if (isRecord(json.message)) {
    addMessage(sink, { ...json.message, role: 'assistant' }, '/message')
    return true
  }
  if (typeof json.text === 'string') {
    sink.add(json.text, '/text', 'message', 'assistant')
    return true
  }
  return false
}

export function cohereEventText(data: string): EventText {
  const out = noText()
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return out
  }
  if (!isRecord(json)) return out
  const index = typeof json.index === 'number' ? json.index : 0
  const message = isRecord(json.delta) && isRecord(json.delta.message) ? json.delta.message : undefined
  const push = (channel: string, value: unknown, kind: SegmentKind): void => {
    if (typeof value === 'string' && value !== '') out.pieces.push({ channel, text: value, kind })
  }
  switch (json.type) {
    case 'content-start':
    case 'content-delta': {
      const content = isRecord(message?.content) ? message.content : undefined
      push(`content/${index}`, content?.text, 'message')
      break
    }
    case 'tool-plan-delta':
      push('tool_plan', message?.tool_plan, 'reasoning')
      break
    case 'tool-call-start':
    case 'tool-call-delta': {
      const call = isRecord(message?.tool_calls) ? message.tool_calls : undefined
      const fn = isRecord(call?.function) ? call.function : undefined
      push(`tool_calls/${index}`, fn?.arguments, 'tool-call')
      break
    }
    case 'content-end':
      out.closes.push(`content/${index}`)
      break
    case 'tool-call-end':
      out.closes.push(`tool_calls/${index}`)
      break
    case 'message-end':
      out.closes.push('')
      break
    default:
      // Chat v1 streams `{"event_type":"text-generation","text":…}`.
      if (json.event_type === 'text-generation') push('text', json.text, 'message')
      if (json.event_type === 'stream-end') out.closes.push('')
  }
  return out
}
