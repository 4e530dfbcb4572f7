import { describe, expect, it } from 'vitest'
import { BodyCapture } from './body-capture.js'

/** A body whose every byte differs from its neighbours, so misplaced slices show. */
function body(length: number): Buffer {
  const bytes = Buffer.alloc(length)
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >> 8)) % 251
  return bytes
}

function feed(capture: BodyCapture, bytes: Buffer, chunkSizes: number[]): void {
  let offset = 0
  for (let i = 0; offset < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!
    capture.push(bytes.subarray(offset, offset + size))
    offset += size
  }
}

describe('BodyCapture', () => {
  it('keeps a body within the limit whole, across any chunk boundaries', () => {
    const bytes = body(10_000)
    for (const sizes of [[1], [7, 3, 1000], [10_000], [4096]]) {
      const capture = new BodyCapture(10_000, 100, 200)
      feed(capture, bytes, sizes)
      expect(capture.size).toBe(10_000)
      expect(capture.truncated).toBe(false)
      expect(capture.full()?.equals(bytes)).toBe(true)
      const { head, tail } = capture.headTail()
      expect(head.equals(bytes.subarray(0, 100))).toBe(true)
      expect(tail.equals(bytes.subarray(10_000 - 200))).toBe(true)
    }
  })

  it('F254 past the limit keeps only the exact head and tail, whatever the chunking', () => {
    const bytes = body(100_000)
    for (const sizes of [[1, 2, 3], [999], [8192, 1], [65_536], [100_000], [40_000, 31]]) {
      const capture = new BodyCapture(50_000, 8192, 32_768)
      feed(capture, bytes, sizes)
      expect(capture.size).toBe(100_000)
      expect(capture.truncated).toBe(true)
      expect(capture.full()).toBeNull()
      const { head, tail } = capture.headTail()
      expect(head.equals(bytes.subarray(0, 8192))).toBe(true)
      expect(tail.equals(bytes.subarray(100_000 - 32_768))).toBe(true)
    }
  })

  it('with payloads off (limit 0) still hands over head and tail', () => {
    const bytes = body(70_000)
    const capture = new BodyCapture(0)
    feed(capture, bytes, [1500])
    expect(capture.truncated).toBe(true)
    const { head, tail } = capture.headTail()
    expect(head.equals(bytes.subarray(0, 8192))).toBe(true)
    expect(tail.equals(bytes.subarray(70_000 - 32_768))).toBe(true)
  })

  it('puts a body that fits in head + tail wholly in head, with an empty tail', () => {
    const bytes = body(30_000)
    const limited = new BodyCapture(0, 8192, 32_768)
    feed(limited, bytes, [333])
    expect(limited.headTail().head.equals(bytes)).toBe(true)
    expect(limited.headTail().tail.length).toBe(0)
    const whole = new BodyCapture(1_000_000, 8192, 32_768)
    feed(whole, bytes, [333])
    expect(whole.headTail().head.equals(bytes)).toBe(true)
    expect(whole.headTail().tail.length).toBe(0)
  })

  it('does not retain a huge final chunk, only its end', () => {
    const bytes = body(5_000_000)
    const capture = new BodyCapture(1000, 10, 20)
    capture.push(bytes.subarray(0, 500))
    capture.push(bytes.subarray(500))
    const { head, tail } = capture.headTail()
    expect(head.equals(bytes.subarray(0, 10))).toBe(true)
    expect(tail.equals(bytes.subarray(5_000_000 - 20))).toBe(true)
    expect(tail.buffer.byteLength).toBeLessThan(bytes.length)
  })

  it('survives many tiny chunks after truncation', () => {
    const bytes = body(200_000)
    const capture = new BodyCapture(0, 16, 64)
    feed(capture, bytes, [1])
    const { head, tail } = capture.headTail()
    expect(head.equals(bytes.subarray(0, 16))).toBe(true)
    expect(tail.equals(bytes.subarray(200_000 - 64))).toBe(true)
  })

  it('ignores empty chunks and rejects nonsense sizes', () => {
    const capture = new BodyCapture(10)
    capture.push(new Uint8Array(0))
    expect(capture.size).toBe(0)
    expect(capture.full()?.length).toBe(0)
    expect(() => new BodyCapture(-1)).toThrow(/limitBytes/)
    expect(() => new BodyCapture(10, 1.5)).toThrow(/headBytes/)
  })
})
