import type { IncomingMessage, ServerResponse } from 'node:http'
import { GatewayError } from '../core/errors.js'
import type { InboundRequest } from '../pipeline/exchange.js'

/** Reads a whole body with a hard cap; the cap is checked against Content-Length first and then while reading. */
export function readBodyOnce(message: IncomingMessage): (limit: number) => Promise<Buffer> {
  let pending: Promise<Buffer> | undefined
  return (limit) => {
    pending ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(message.headers['content-length'] ?? NaN)
      if (declared > limit) {
        message.resume()
        reject(
          new GatewayError('payload_too_large', `body of ${declared} bytes exceeds the ${limit}-byte limit`),
        )
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      message.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > limit) {
          message.removeAllListeners('data')
          message.resume()
          reject(new GatewayError('payload_too_large', `body exceeds the ${limit}-byte limit`))
          return
        }
        chunks.push(chunk)
      })
      message.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
      message.once('error', (error) =>
        reject(new GatewayError('invalid_request', `reading body: ${error.message}`)),
      )
    })
    return pending
  }
}

export function toInbound(message: IncomingMessage, response: ServerResponse, url: string): InboundRequest {
  const query = url.indexOf('?')
  const controller = new AbortController()
  // `close` on the response fires after a normal finish too; only an unfinished response means the client left.
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('client disconnected'))
  })
  return {
    method: message.method ?? 'GET',
    path: query === -1 ? url : url.slice(0, query),
    search: query === -1 ? '' : url.slice(query),
    headers: message.headers,
    readBody: readBodyOnce(message),
    signal: controller.signal,
  }
}
