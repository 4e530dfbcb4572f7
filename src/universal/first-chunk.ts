import type { Readable } from 'node:stream'

export type FirstChunk =
  | { readonly kind: 'data' }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout' }

/**
 * Waits until `body` has its first chunk (then puts it back, so the reader sees every byte), ends, fails or
 * stays silent for `timeoutMs`. A route uses it to decide whether a step answered before anything reached the
 * client: up to that point a fallback can still take over invisibly (F177: the timeout counts to the first
 * part of the response; once it came, a slow stream is never cut).
 */
export function waitForFirstChunk(body: Readable, timeoutMs: number | undefined): Promise<FirstChunk> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined
    const settle = (result: FirstChunk): void => {
      clearTimeout(timer)
      body.off('readable', onReadable)
      body.off('end', onEnd)
      body.off('error', onError)
      body.off('close', onClose)
      resolve(result)
    }
    const onReadable = (): void => {
      const chunk: unknown = body.read()
      if (chunk === null) return
      body.unshift(chunk as Buffer)
      settle({ kind: 'data' })
    }
    const onEnd = (): void => settle({ kind: 'end' })
    const onError = (error: unknown): void => settle({ kind: 'error', error })
    const onClose = (): void =>
      settle({ kind: 'error', error: new Error('the response closed before its first byte') })
    body.on('readable', onReadable)
    body.once('end', onEnd)
    body.once('error', onError)
    body.once('close', onClose)
    if (timeoutMs !== undefined) timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs)
  })
}
