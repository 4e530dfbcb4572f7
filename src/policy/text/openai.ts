import { argumentsText, asArray, isRecord, pointer, SegmentSink, type JsonRecord } from './json.js'
import { noText, type EventText, type SegmentKind } from './types.js'

/**
 * OpenAI-shaped bodies: Chat Completions (also /compat and every OpenAI-compatible provider), legacy
 * Completions, Embeddings/Moderations `input`, and the Responses API.
 */

function kindOfRole(role: unknown): SegmentKind {
  if (role === 'system' || role === 'developer') return 'system'
  if (role === 'tool' || role === 'function') return 'tool-result'
  return 'message'
}

/** Message content: a string, or parts of which only text-bearing ones are read (images, audio, files skipped). */
function addContent(sink: SegmentSink, content: unknown, at: string, kind: SegmentKind, role?: string): void {
  if (typeof content === 'string') return sink.add(content, at, kind, role)
  asArray(content).forEach((part, index) => {
    if (!isRecord(part)) return
    const where = pointer(at, index)
    if (typeof part.text === 'string') sink.add(part.text, pointer(where, 'text'), kind, role)
    else if (typeof part.refusal === 'string') sink.add(part.refusal, pointer(where, 'refusal'), kind, role)
  })
}

function addChatMessage(sink: SegmentSink, message: JsonRecord, at: string): void {
  const role = typeof message.role === 'string' ? message.role : undefined
  addContent(sink, message.content, pointer(at, 'content'), kindOfRole(role), role)
  sink.add(message.refusal, pointer(at, 'refusal'), 'message', role)
  sink.add(message.reasoning_content, pointer(at, 'reasoning_content'), 'reasoning', role)
  if (typeof message.reasoning === 'string')
    sink.add(message.reasoning, pointer(at, 'reasoning'), 'reasoning', role)
  asArray(message.tool_calls).forEach((call, index) => {
    if (!isRecord(call) || !isRecord(call.function)) return
    const where = pointer(at, 'tool_calls', index, 'function', 'arguments')
    sink.add(argumentsText(call.function.arguments), where, 'tool-call', role)
  })
  if (isRecord(message.function_call)) {
    const where = pointer(at, 'function_call', 'arguments')
    sink.add(argumentsText(message.function_call.arguments), where, 'tool-call', role)
  }
}

/** Responses API input/output items. */
function addResponseItem(sink: SegmentSink, item: unknown, at: string): void {
  if (typeof item === 'string') return sink.add(item, at, 'message', 'user')
  if (!isRecord(item)) return
  const role = typeof item.role === 'string' ? item.role : undefined
  switch (item.type) {
    case 'function_call':
    case 'custom_tool_call':
      sink.add(
        argumentsText(item.arguments ?? item.input),
        pointer(at, item.arguments !== undefined ? 'arguments' : 'input'),
        'tool-call',
      )
      return
    case 'function_call_output':
    case 'custom_tool_call_output':
      if (typeof item.output === 'string') sink.add(item.output, pointer(at, 'output'), 'tool-result', 'tool')
      else addContent(sink, item.output, pointer(at, 'output'), 'tool-result', 'tool')
      return
    case 'reasoning':
      asArray(item.summary).forEach((part, index) => {
        if (isRecord(part)) sink.add(part.text, pointer(at, 'summary', index, 'text'), 'reasoning')
      })
      return
    default:
      if (item.content !== undefined)
        addContent(sink, item.content, pointer(at, 'content'), kindOfRole(role), role)
  }
}

export function openaiRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = false
  if (Array.isArray(json.messages)) {
    known = true
    json.messages.forEach((message, index) => {
      if (isRecord(message)) addChatMessage(sink, message, pointer('', 'messages', index))
    })
  }
  if (json.prompt !== undefined) {
    known = true
    sink.addStrings(json.prompt, '/prompt', 'message', 'user')
  }
  if (typeof json.instructions === 'string') {
    known = true
    sink.add(json.instructions, '/instructions', 'system', 'system')
  }
  if (json.input !== undefined) {
    known = true
    if (typeof json.input === 'string') sink.add(json.input, '/input', 'message', 'user')
    else
      asArray(json.input).forEach((item, index) => addResponseItem(sink, item, pointer('', 'input', index)))
  }
  return known
}

export function openaiResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = false
  if (Array.isArray(json.choices)) {
    known = true
    json.choices.forEach((choice, index) => {
      if (!isRecord(choice)) return
      const at = pointer('', 'choices', index)
      if (isRecord(choice.message)) addChatMessage(sink, choice.message, pointer(at, 'message'))
      sink.add(choice.text, pointer(at, 'text'), 'message', 'assistant')
    })
  }
  if (Array.isArray(json.output)) {
    known = true
    json.output.forEach((item, index) => addResponseItem(sink, item, pointer('', 'output', index)))
  }
  if (Array.isArray(json.data)) {
    // Images: the revised prompt is text; b64_json is a blob. Embeddings carry no text.
    known = true
    json.data.forEach((item, index) => {
      if (isRecord(item))
        sink.add(item.revised_prompt, pointer('', 'data', index, 'revised_prompt'), 'message')
    })
  }
  if (typeof json.text === 'string') {
    known = true
    sink.add(json.text, '/text', 'message', 'assistant')
  }
  return known
}

function chatChunkText(json: JsonRecord, out: EventText): void {
  asArray(json.choices).forEach((choice, position) => {
    if (!isRecord(choice)) return
    const index = typeof choice.index === 'number' ? choice.index : position
    const base = `choices/${index}`
    const delta = isRecord(choice.delta) ? choice.delta : undefined
    if (delta) {
      const text = (channel: string, value: unknown, kind: SegmentKind): void => {
        if (typeof value === 'string' && value !== '')
          out.pieces.push({ channel: `${base}/${channel}`, text: value, kind })
      }
      text('content', delta.content, 'message')
      text('refusal', delta.refusal, 'message')
      text('reasoning', delta.reasoning_content ?? delta.reasoning, 'reasoning')
      asArray(delta.tool_calls).forEach((call, callPosition) => {
        if (!isRecord(call) || !isRecord(call.function)) return
        const callIndex = typeof call.index === 'number' ? call.index : callPosition
        text(`tool_calls/${callIndex}`, call.function.arguments, 'tool-call')
      })
      if (isRecord(delta.function_call)) text('function_call', delta.function_call.arguments, 'tool-call')
    }
    if (typeof choice.text === 'string' && choice.text !== '') {
      out.pieces.push({ channel: `${base}/text`, text: choice.text, kind: 'message' })
    }
    if (typeof choice.finish_reason === 'string') out.closes.push(`${base}/`)
  })
}

/** Responses API streaming events; `*.done` and `response.completed` repeat text already seen, so they only close. */
function responsesEventText(json: JsonRecord, out: EventText): void {
  const type = typeof json.type === 'string' ? json.type : ''
  const output = typeof json.output_index === 'number' ? json.output_index : 0
  const content = typeof json.content_index === 'number' ? json.content_index : 0
  const delta = typeof json.delta === 'string' ? json.delta : ''
  if (type === 'response.output_text.delta' || type === 'response.refusal.delta') {
    if (delta) out.pieces.push({ channel: `output/${output}/${content}`, text: delta, kind: 'message' })
  } else if (
    type === 'response.function_call_arguments.delta' ||
    type === 'response.custom_tool_call_input.delta'
  ) {
    if (delta) out.pieces.push({ channel: `output/${output}/arguments`, text: delta, kind: 'tool-call' })
  } else if (type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta') {
    if (delta) out.pieces.push({ channel: `output/${output}/reasoning`, text: delta, kind: 'reasoning' })
  } else if (type === 'response.output_item.done') {
    out.closes.push(`output/${output}/`)
  } else if (type === 'response.completed' || type === 'response.failed' || type === 'response.incomplete') {
    out.closes.push('')
  }
}

export function openaiEventText(data: string): EventText {
  const out = noText()
  if (data.trim() === '[DONE]') {
    out.closes.push('')
    return out
  }
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return out
  }
  if (!isRecord(json)) return out
  if (Array.isArray(json.choices)) chatChunkText(json, out)
  else if (typeof json.type === 'string' && json.type.startsWith('response.')) responsesEventText(json, out)
  return out
}
