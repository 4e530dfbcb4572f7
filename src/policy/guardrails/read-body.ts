import { Readable } from 'node:stream'

/** A reply body in any of the forms the pipeline passes around. */
export type Body = Readable | Buffer | string | null

export async function* asChunks(body: Body): AsyncGenerator<Uint8Array> {
  if (body === null) return
  if (typeof body === 'string') yield Buffer.from(body)
  else if (Buffer.isBuffer(body)) yield body
  else for await (const chunk of body) yield chunk as Uint8Array
}

/** Buffers up to `limit` bytes; past it, hands back a body that replays what was read and streams the rest. */
export async function readUpTo(
  body: Body,
  limit: number,
): Promise<{ complete: true; bytes: Buffer } | { complete: false; body: Readable }> {
  const source = asChunks(body)
  const chunks: Buffer[] = []
  let size = 0
  for (let next = await source.next(); !next.done; next = await source.next()) {
    chunks.push(Buffer.from(next.value))
    size += next.value.length
    if (size > limit) {
      const rest = async function* () {
        yield* chunks
        yield* source
      }
      return { complete: false, body: Readable.from(rest(), { objectMode: false }) }
    }
  }
  return { complete: true, bytes: Buffer.concat(chunks, size) }
}
