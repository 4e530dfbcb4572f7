import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { Reply } from '../pipeline/exchange.js'

/**
 * Writes a reply to the socket, feeding every chunk to the reply's observer on the way. Streams are pumped by
 * hand (not `pipe`) so the observer sees exactly what the client got, and so a client that goes away cancels
 * the upstream read at once.
 */
export function deliver(reply: Reply, response: ServerResponse): void {
  const observer = reply.observer
  response.writeHead(reply.status, reply.headers)
  const body = reply.body
  if (!(body instanceof Readable)) {
    const bytes = body === null ? null : typeof body === 'string' ? Buffer.from(body) : body
    if (bytes) observer?.chunk(bytes)
    response.end(bytes ?? undefined)
    observer?.end('complete')
    return
  }
  let finished = false
  const onDrain = (): void => {
    body.resume()
  }
  body.on('data', (chunk: Buffer) => {
    observer?.chunk(chunk)
    if (!response.write(chunk)) body.pause()
  })
  response.on('drain', onDrain)
  body.once('end', () => {
    finished = true
    response.end()
    observer?.end('complete')
  })
  body.once('error', (error) => {
    finished = true
    // Headers are gone already: the only honest signal left is an aborted connection, never a clean end.
    response.destroy(error)
    observer?.end('error', error)
  })
  response.once('close', () => {
    response.off('drain', onDrain)
    if (finished) return
    finished = true
    body.destroy()
    observer?.end('client-closed')
  })
}
