import { describe, expect, it } from 'vitest'
import { encodeEventStreamMessage, eventStreamPayloads } from './aws-event-stream.js'

const message = (n: number) =>
  encodeEventStreamMessage(
    { ':event-type': 'contentBlockDelta', ':message-type': 'event' },
    Buffer.from(JSON.stringify({ n })),
  )

const payloadNumbers = (payloads: Buffer[]) =>
  payloads.map((p) => (JSON.parse(p.toString()) as { n: number }).n)

describe('eventStreamPayloads', () => {
  const stream = Buffer.concat(Array.from({ length: 50 }, (_, i) => message(i)))

  it('reads every payload of a whole stream in order', () => {
    expect(payloadNumbers(eventStreamPayloads(stream, { resync: false }))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    )
  })

  it('drops a message cut at the end', () => {
    expect(
      payloadNumbers(eventStreamPayloads(stream.subarray(0, stream.length - 3), { resync: false })),
    ).toHaveLength(49)
  })

  it('resyncs on a tail that starts mid-message and drops the partial one', () => {
    const one = message(0).length
    const tail = stream.subarray(10 * one + 5)
    expect(payloadNumbers(eventStreamPayloads(tail, { resync: true }))).toEqual(
      Array.from({ length: 39 }, (_, i) => i + 11),
    )
  })

  it('stops at a message whose checksum does not match', () => {
    const corrupt = Buffer.from(stream)
    const one = message(0).length
    const at = 3 * one + 14
    corrupt.writeUInt8(corrupt.readUInt8(at) ^ 0xff, at)
    expect(payloadNumbers(eventStreamPayloads(corrupt, { resync: false }))).toEqual([0, 1, 2])
  })
})
