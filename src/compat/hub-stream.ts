import { Transform } from 'node:stream'
import { asGatewayError } from '../core/errors.js'
import { createSseParser, sseData } from '../stream/sse.js'
import { UpstreamStreamError } from '../translate/identity/hub-errors.js'
import type { OpenAIChatChunk, OpenAIUsage, StreamTranslator } from '../translate/types.js'

export interface HubStreamOptions {
  /** The client asked for `stream_options.include_usage`; otherwise the usage-only chunk is not shown. */
  includeUsage: boolean
  onUsage(usage: OpenAIUsage): void
}

/**
 * Upstream SSE bytes → OpenAI chat chunks, one upstream event at a time, so the client sees each token as
 * soon as the provider sent it (never buffered to the end). A failure mid-stream becomes a well-formed
 * `error` event the OpenAI SDKs raise, not a silently truncated 200.
 */
export function hubStream(translator: StreamTranslator, options: HubStreamOptions): Transform {
  const parser = createSseParser()
  const emit = (stream: Transform, chunks: OpenAIChatChunk[]): void => {
    for (const chunk of chunks) {
      if (chunk.usage) options.onUsage(chunk.usage)
      if (!options.includeUsage) {
        if (chunk.choices.length === 0) continue
        delete chunk.usage
      }
      stream.push(sseData(chunk))
    }
  }
  const fail = (stream: Transform, error: unknown): void => {
    if (error instanceof UpstreamStreamError) {
      stream.push(sseData(error.body))
      return
    }
    const gatewayError = asGatewayError(error)
    stream.push(
      sseData({
        error: {
          message: gatewayError.message,
          type: 'aigw_error',
          code: String(gatewayError.code),
          param: null,
        },
      }),
    )
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        for (const event of parser.push(chunk)) emit(this, translator.push(event))
        callback()
      } catch (error) {
        fail(this, error)
        callback()
        this.end()
      }
    },
    flush(callback) {
      try {
        for (const event of parser.end()) emit(this, translator.push(event))
        emit(this, translator.end())
        this.push('data: [DONE]\n\n')
      } catch (error) {
        fail(this, error)
      }
      callback()
    },
  })
}
