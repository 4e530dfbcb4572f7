import { crc32 } from 'node:zlib'

/**
 * Payloads of `application/vnd.amazon.eventstream` messages (Bedrock ConverseStream and
 * InvokeModelWithResponseStream). Each message: total length (u32), headers length (u32), prelude CRC32,
 * headers, payload, message CRC32. Headers are skipped: usage is recognised from the payload's shape.
 */

const PRELUDE_BYTES = 12
const MIN_MESSAGE_BYTES = 16
/** Bedrock caps event payloads far below this; a larger length means we are not at a message start. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

function messageLengthAt(buf: Buffer, offset: number, verifyPrelude: boolean): number {
  if (offset + PRELUDE_BYTES > buf.length) return -1
  const total = buf.readUInt32BE(offset)
  const headers = buf.readUInt32BE(offset + 4)
  if (total < MIN_MESSAGE_BYTES || total > MAX_MESSAGE_BYTES || headers > total - MIN_MESSAGE_BYTES) return -1
  if (verifyPrelude && crc32(buf.subarray(offset, offset + 8)) !== buf.readUInt32BE(offset + 8)) return -1
  return total
}

function messageIsIntact(buf: Buffer, offset: number, total: number): boolean {
  if (offset + total > buf.length) return false
  return crc32(buf.subarray(offset, offset + total - 4)) === buf.readUInt32BE(offset + total - 4)
}

/** First offset where an intact message starts: the tail of a capture begins mid-message. */
function resync(buf: Buffer): number {
  for (let offset = 0; offset + MIN_MESSAGE_BYTES <= buf.length; offset++) {
    const total = messageLengthAt(buf, offset, true)
    if (total !== -1 && messageIsIntact(buf, offset, total)) return offset
  }
  return -1
}

/**
 * The payloads of the complete, checksum-valid messages in `buf`. With `resync`, `buf` may start in the middle
 * of a message (a kept tail); otherwise it must start at a message boundary (a body or a kept head). A message
 * cut by the end of `buf` is ignored.
 */
export function eventStreamPayloads(buf: Buffer, options: { resync: boolean }): Buffer[] {
  const payloads: Buffer[] = []
  let offset = options.resync ? resync(buf) : 0
  while (offset !== -1) {
    const total = messageLengthAt(buf, offset, false)
    if (total === -1 || !messageIsIntact(buf, offset, total)) break
    const headers = buf.readUInt32BE(offset + 4)
    payloads.push(buf.subarray(offset + PRELUDE_BYTES + headers, offset + total - 4))
    offset += total
  }
  return payloads
}

/** Builds one message (for tests and mock upstreams): string headers only, as Bedrock sends. */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const headerParts: Buffer[] = []
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8')
    const valueBytes = Buffer.from(value, 'utf8')
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length)
    part.writeUInt8(nameBytes.length, 0)
    nameBytes.copy(part, 1)
    part.writeUInt8(7, 1 + nameBytes.length)
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length)
    valueBytes.copy(part, 4 + nameBytes.length)
    headerParts.push(part)
  }
  const headerBytes = Buffer.concat(headerParts)
  const total = PRELUDE_BYTES + headerBytes.length + payload.length + 4
  const message = Buffer.alloc(total)
  message.writeUInt32BE(total, 0)
  message.writeUInt32BE(headerBytes.length, 4)
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8)
  headerBytes.copy(message, PRELUDE_BYTES)
  payload.copy(message, PRELUDE_BYTES + headerBytes.length)
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4)
  return message
}
