// Response bodies the mock upstream sends. They imitate real provider payloads closely enough that a gateway
// parsing usage, ids and SSE framing does the same work it would do in production.

const WORDS = [
  'The',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' the',
  ' lazy',
  ' dog',
  ' while',
  ' the',
  ' gateway',
  ' counts',
  ' every',
  ' token',
  ' it',
  ' forwards',
  '.',
  ' Done',
  '!',
]

export const OPENAI_EVENTS = 20
export const ANTHROPIC_DELTAS = 20

let seq = 0
const nextId = (prefix) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36).padStart(6, '0')}`

const openaiUsage = (completion) =>
  `{"prompt_tokens":19,"completion_tokens":${completion},"total_tokens":${19 + completion},` +
  '"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},' +
  '"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,' +
  '"rejected_prediction_tokens":0}}'

/** A ~600-byte `chat.completion` with usage, echoing the requested model. */
export function openaiCompletion(model) {
  const created = Math.floor(Date.now() / 1000)
  const text = 'The quick brown fox jumps over the lazy dog while the gateway counts every token it forwards.'
  return (
    `{"id":"${nextId('chatcmpl-')}","object":"chat.completion","created":${created},` +
    `"model":${JSON.stringify(model)},"choices":[{"index":0,"message":{"role":"assistant",` +
    `"content":"${text}","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],` +
    `"usage":${openaiUsage(20)},"service_tier":"default","system_fingerprint":"fp_06737a9306"}`
  )
}

/**
 * The 20 `data:` events of an OpenAI stream: role chunk, 17 content chunks, finish chunk, usage chunk.
 * `data: [DONE]` follows as a separate terminator (see openaiDone).
 */
export function openaiStreamEvents(model) {
  const head =
    `{"id":"${nextId('chatcmpl-')}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},` +
    `"model":${JSON.stringify(model)},"service_tier":"default","system_fingerprint":"fp_06737a9306",`
  const chunk = (delta, finish) =>
    `data: ${head}"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}],"usage":null}\n\n`
  const events = [chunk('{"role":"assistant","content":"","refusal":null}', 'null')]
  for (let i = 0; i < OPENAI_EVENTS - 3; i++)
    events.push(chunk(`{"content":${JSON.stringify(WORDS[i])}}`, 'null'))
  events.push(chunk('{}', '"stop"'))
  events.push(`data: ${head}"choices":[],"usage":${openaiUsage(OPENAI_EVENTS - 3)}}\n\n`)
  return events
}

export const openaiDone = 'data: [DONE]\n\n'

const anthropicEvent = (type, data) => `event: ${type}\ndata: ${data}\n\n`

/** An Anthropic Messages API response body. */
export function anthropicMessage(model) {
  const text = 'The quick brown fox jumps over the lazy dog while the gateway counts every token it forwards.'
  return (
    `{"id":"${nextId('msg_')}","type":"message","role":"assistant","model":${JSON.stringify(model)},` +
    `"content":[{"type":"text","text":"${text}"}],"stop_reason":"end_turn","stop_sequence":null,` +
    '"usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":20,' +
    '"service_tier":"standard"}}'
  )
}

/** message_start, content_block_start, ping, 20 text deltas, content_block_stop, message_delta, message_stop. */
export function anthropicStreamEvents(model) {
  const start =
    `{"type":"message_start","message":{"id":"${nextId('msg_')}","type":"message","role":"assistant",` +
    `"model":${JSON.stringify(model)},"content":[],"stop_reason":null,"stop_sequence":null,` +
    '"usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}'
  const events = [
    anthropicEvent('message_start', start),
    anthropicEvent(
      'content_block_start',
      '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    ),
    anthropicEvent('ping', '{"type":"ping"}'),
  ]
  for (let i = 0; i < ANTHROPIC_DELTAS; i++) {
    const delta = `{"type":"text_delta","text":${JSON.stringify(WORDS[i % WORDS.length])}}`
    events.push(
      anthropicEvent('content_block_delta', `{"type":"content_block_delta","index":0,"delta":${delta}}`),
    )
  }
  events.push(anthropicEvent('content_block_stop', '{"type":"content_block_stop","index":0}'))
  events.push(
    anthropicEvent(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${ANTHROPIC_DELTAS}}}`,
    ),
  )
  events.push(anthropicEvent('message_stop', '{"type":"message_stop"}'))
  return events
}
