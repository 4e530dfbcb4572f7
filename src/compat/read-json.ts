import type { Readable } from 'node:stream'
import { GatewayError } from '../core/errors.js'

/** Reads a whole upstream body (bounded) — used for JSON answers that must be translated before sending. */
export async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > limit) {
      body.destroy()
      throw new GatewayError('upstream_unreachable', `upstream response exceeds ${limit} bytes`)
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks, size)
}

export function parseOrText(bytes: Buffer): unknown {
  const text = bytes.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
