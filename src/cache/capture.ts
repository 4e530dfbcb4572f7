import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream'

export type CaptureBody = Readable | Buffer | string | null

/**
 * Collects a response body for the cache while it flows to the client: every chunk is passed on at once, so
 * the client never waits for the cache (a stream's first event arrives as early as without caching).
 * `done` runs exactly once: with the complete bytes after the last chunk, or with `undefined` as soon as the
 * body exceeds `maxBytes` (F160), fails, or the client goes away.
 */
export function captureBody(
  body: CaptureBody,
  maxBytes: number,
  done: (bytes: Buffer | undefined) => void,
): CaptureBody {
  if (!(body instanceof Readable)) {
    const bytes = body === null ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body) : body
    done(bytes.length > maxBytes ? undefined : bytes)
    return body
  }
  let finished = false
  const finish = (bytes: Buffer | undefined): void => {
    if (finished) return
    finished = true
    done(bytes)
  }
  let chunks: Buffer[] = []
  let size = 0
  const tee = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (!finished) {
        size += chunk.length
        if (size > maxBytes) {
          chunks = []
          finish(undefined)
        } else chunks.push(chunk)
      }
      callback(null, chunk)
    },
    flush(callback: TransformCallback) {
      finish(finished ? undefined : Buffer.concat(chunks, size))
      chunks = []
      callback()
    },
  })
  // pipeline() tears down both sides together: a client that leaves also cancels the upstream read.
  return pipeline(body, tee, (error) => {
    if (error) finish(undefined)
  })
}
