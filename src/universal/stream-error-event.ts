import { PassThrough, type Readable } from 'node:stream'
import { GatewayError, openaiErrorBody } from '../core/errors.js'

/** Whose SSE error convention the client's parser understands. */
export type ErrorEventStyle = 'openai' | 'anthropic'

/** The SSE error event a client of that style raises as an API error. */
export function streamErrorEvent(style: ErrorEventStyle, error: GatewayError): string {
  if (style === 'anthropic') {
    const body = { type: 'error', error: { type: 'api_error', message: error.message } }
    return `event: error\ndata: ${JSON.stringify(body)}\n\n`
  }
  return `data: ${openaiErrorBody(error)}\n\n`
}

/**
 * Beyond Cloudflare: once a streamed answer has started, a failure can no longer become a fallback or an error
 * status; instead of a silently truncated 200 the client receives a well-formed error event and then a clean
 * end, and `onFailure` tells the log. Bytes pass through unchanged, with backpressure.
 */
export function withStreamErrorEvent(
  source: Readable,
  style: ErrorEventStyle,
  onFailure: (message: string) => void,
): Readable {
  const out = new PassThrough()
  let done = false
  let atBoundary = true
  const fail = (reason: unknown): void => {
    if (done) return
    done = true
    const message = `the response stream broke after it started: ${reason instanceof Error ? reason.message : String(reason)}`
    onFailure(message)
    // A half-written event is closed first, so the error event parses on its own.
    out.end(
      `${atBoundary ? '' : '\n\n'}${streamErrorEvent(style, new GatewayError('upstream_unreachable', message))}`,
    )
  }
  source.on('data', (chunk: Buffer) => {
    atBoundary = chunk.length >= 2 && chunk[chunk.length - 1] === 0x0a && chunk[chunk.length - 2] === 0x0a
    if (!out.write(chunk)) source.pause()
  })
  out.on('drain', () => source.resume())
  source.once('end', () => {
    done = true
    out.end()
  })
  source.once('error', fail)
  source.once('close', () => fail(new Error('the upstream closed the stream before its end')))
  // The client went away (the writer destroyed `out`): stop reading the upstream.
  out.once('close', () => {
    done = true
    if (!source.destroyed) source.destroy()
  })
  return out
}
