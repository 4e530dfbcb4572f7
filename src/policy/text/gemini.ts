import { argumentsText, asArray, isRecord, pointer, SegmentSink, type JsonRecord } from './json.js'
import { noText, type EventText, type SegmentKind } from './types.js'

/** Gemini generateContent / streamGenerateContent / embedContent. */

function addParts(sink: SegmentSink, parts: unknown, at: string, kind: SegmentKind, role?: string): void {
  asArray(parts).forEach((part, index) => {
    if (!isRecord(part)) return
    const where = pointer(at, index)
    if (typeof part.text === 'string') {
      sink.add(part.text, pointer(where, 'text'), part.thought === true ? 'reasoning' : kind, role)
    }
    if (isRecord(part.functionCall)) {
      sink.add(
        argumentsText(part.functionCall.args),
        pointer(where, 'functionCall', 'args'),
        'tool-call',
        role,
      )
    }
    if (isRecord(part.functionResponse)) {
      const response = argumentsText(part.functionResponse.response)
      sink.add(response, pointer(where, 'functionResponse', 'response'), 'tool-result', role)
    }
  })
}

function addContent(sink: SegmentSink, content: unknown, at: string, kind: SegmentKind): void {
  if (typeof content === 'string') return sink.add(content, at, kind)
  if (!isRecord(content)) return
  const role = typeof content.role === 'string' ? content.role : undefined
  addParts(sink, content.parts, pointer(at, 'parts'), kind, role)
}

export function geminiRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = false
  const system = json.systemInstruction ?? json.system_instruction
  if (system !== undefined) {
    known = true
    addContent(
      sink,
      system,
      json.systemInstruction !== undefined ? '/systemInstruction' : '/system_instruction',
      'system',
    )
  }
  if (Array.isArray(json.contents)) {
    known = true
    json.contents.forEach((content, index) =>
      addContent(sink, content, pointer('', 'contents', index), 'message'),
    )
  }
  if (json.content !== undefined) {
    known = true
    addContent(sink, json.content, '/content', 'message')
  }
  if (Array.isArray(json.requests)) {
    known = true
    json.requests.forEach((request, index) => {
      if (isRecord(request))
        addContent(sink, request.content, pointer('', 'requests', index, 'content'), 'message')
    })
  }
  return known
}

export function geminiResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  if (!Array.isArray(json.candidates)) return false
  json.candidates.forEach((candidate, index) => {
    if (isRecord(candidate))
      addContent(sink, candidate.content, pointer('', 'candidates', index, 'content'), 'message')
  })
  return true
}

/** Each function call arrives whole, so it gets its own channel that closes at once. */
export function geminiEventText(data: string, sequence: { next: number }): EventText {
  const out = noText()
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return out
  }
  if (!isRecord(json)) return out
  asArray(json.candidates).forEach((candidate, position) => {
    if (!isRecord(candidate)) return
    const index = typeof candidate.index === 'number' ? candidate.index : position
    const base = `candidates/${index}`
    const content = isRecord(candidate.content) ? candidate.content : undefined
    asArray(content?.parts).forEach((part) => {
      if (!isRecord(part)) return
      if (typeof part.text === 'string' && part.text !== '') {
        const kind = part.thought === true ? 'reasoning' : 'message'
        out.pieces.push({
          channel: `${base}/${kind === 'reasoning' ? 'thought' : 'text'}`,
          text: part.text,
          kind,
        })
      }
      const call = isRecord(part.functionCall) ? argumentsText(part.functionCall.args) : undefined
      if (call) {
        const channel = `${base}/call/${sequence.next++}`
        out.pieces.push({ channel, text: call, kind: 'tool-call' })
        out.closes.push(channel)
      }
    })
    if (typeof candidate.finishReason === 'string') out.closes.push(`${base}/`)
  })
  return out
}
