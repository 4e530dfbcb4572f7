import { Readable } from 'node:stream'
import type { ReplyBody } from '../pipeline/exchange.js'
import type { Outbox } from './flow.js'

/**
 * Feeds a reply body to `onChunk` until it ends. `onChunk` returning false pauses the body until `outbox`
 * drained (backpressure towards the client); throwing from it fails the body. Resolves `client-closed` when
 * `signal` aborts (the socket went away) after destroying the body, which cancels the upstream read.
 */
export function pumpBody(
  body: ReplyBody,
  onChunk: (chunk: Buffer) => boolean | void,
  signal: AbortSignal,
  outbox?: Outbox,
): Promise<'complete' | 'client-closed'> {
  if (!(body instanceof Readable)) {
    if (signal.aborted) return Promise.resolve('client-closed')
    const bytes = body === null ? null : typeof body === 'string' ? Buffer.from(body) : body
    if (bytes && bytes.length > 0) onChunk(bytes)
    return Promise.resolve('complete')
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (outcome: 'complete' | 'client-closed' | Error): void => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const onAbort = (): void => {
      finish('client-closed')
      body.destroy()
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    body.on('data', (chunk: Buffer) => {
      try {
        if (onChunk(chunk) === false && outbox) {
          body.pause()
          outbox.whenDrained(() => body.resume())
        }
      } catch (error) {
        body.destroy(error instanceof Error ? error : new Error(String(error)))
      }
    })
    body.once('end', () => finish('complete'))
    // `on`, not `once`: a destroyed body may report more than one error and each must be handled.
    body.on('error', (error) => finish(error))
  })
}
