import { pipeline, Transform, type Readable } from 'node:stream'
import { asGatewayError } from '../core/errors.js'
import type { RequestContext } from '../pipeline/context.js'
import { jsonReply, type Reply } from '../pipeline/exchange.js'
import { parseJsonBody } from '../pipeline/provider-call.js'
import { createSseParser, serializeSse } from '../stream/sse.js'
import { anthropicInputTranslator, gatewayErrorToAnthropic } from '../translate/anthropic-input/index.js'
import { callCompatChat } from './chat.js'
import { parseOrText, readAll } from './read-json.js'

/** Hub (OpenAI) SSE bytes → Anthropic Messages SSE bytes, event by event. */
function anthropicStream(): Transform {
  const parser = createSseParser()
  const translator = anthropicInputTranslator.stream()
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (const event of parser.push(chunk))
        for (const out of translator.push(event)) this.push(serializeSse(out))
      callback()
    },
    flush(callback) {
      for (const event of parser.end()) for (const out of translator.push(event)) this.push(serializeSse(out))
      for (const out of translator.end()) this.push(serializeSse(out))
      callback()
    },
  })
}

/**
 * Beyond Cloudflare: `POST /compat/v1/messages` takes the Anthropic Messages API as input and routes it to
 * any provider through the same translators (Anthropic → hub → target → hub → Anthropic), so Anthropic SDK
 * and Claude Code users can use any model. Errors answer in Anthropic's shape.
 */
export async function callCompatMessages(context: RequestContext): Promise<Reply> {
  try {
    const raw = await context.request.readBody(context.services.config.limits.maxRequestBytes)
    context.body = raw
    const hub = anthropicInputTranslator.request(parseJsonBody(raw))
    context.warnings.push(...hub.warnings)
    const stream = hub.body.stream === true
    if (stream) hub.body.stream_options = { include_usage: true }
    const { completion, reply } = await callCompatChat(context, hub.body)
    if (reply.status >= 400) {
      const text =
        typeof reply.body === 'string'
          ? Buffer.from(reply.body)
          : await readAll(reply.body as Readable, 1 << 20)
      return jsonReply(
        reply.status,
        JSON.stringify(anthropicInputTranslator.error(reply.status, parseOrText(text))),
      )
    }
    if (completion) return jsonReply(200, JSON.stringify(anthropicInputTranslator.response(completion)))
    const body = pipeline(reply.body as Readable, anthropicStream(), () => undefined)
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body,
    }
  } catch (caught) {
    const { status, body } = gatewayErrorToAnthropic(asGatewayError(caught))
    return jsonReply(status, JSON.stringify(body))
  }
}
