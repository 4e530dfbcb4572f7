import { isRecord, SegmentSink, type JsonRecord } from './json.js'
import { openaiEventText, openaiRequestText, openaiResponseText } from './openai.js'
import { noText, type EventText } from './types.js'

/** Workers AI: `prompt`/`messages`/`text` in, `{result:{response}}` out; newer models answer in OpenAI's shape. */

export function workersAiRequestText(json: JsonRecord, sink: SegmentSink): boolean {
  let known = openaiRequestText(json, sink)
  if (json.text !== undefined) {
    known = true
    sink.addStrings(json.text, '/text', 'message', 'user')
  }
  return known
}

export function workersAiResponseText(json: JsonRecord, sink: SegmentSink): boolean {
  const result = isRecord(json.result) ? json.result : json
  if (typeof result.response === 'string') {
    sink.add(
      result.response,
      isRecord(json.result) ? '/result/response' : '/response',
      'message',
      'assistant',
    )
    return true
  }
  if (isRecord(json.result)) return openaiResponseText(json.result, sink)
  return openaiResponseText(json, sink)
}

export function workersAiEventText(data: string): EventText {
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return openaiEventText(data)
  }
  if (isRecord(json) && typeof json.response === 'string') {
    const out = noText()
    if (json.response !== '') out.pieces.push({ channel: 'response', text: json.response, kind: 'message' })
    return out
  }
  return openaiEventText(data)
}
