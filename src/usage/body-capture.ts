/** The bytes of a streamed body that a capture kept: the start and the end. */
export interface HeadTail {
  /** The first `headBytes` of the body, or the whole body when it fits in head + tail (then `tail` is empty). */
  head: Buffer
  /** The last `tailBytes` of the body, disjoint from `head`; empty when `head` holds the whole body. */
  tail: Buffer
}

function checkSize(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`BodyCapture: ${name} must be a non-negative integer, got ${value}`)
  }
  return value
}

/**
 * Keeps a response body as it streams to the client, for payload logging and usage reading after the response
 * ended (F245, F248, F254). `push` runs on the hot path for every chunk, so it only stores references: no
 * concatenation, no decoding. Bodies up to `limitBytes` are kept whole; past that only the first `headBytes`
 * and a ring of chunks covering the last `tailBytes` survive, enough to find usage in every schema family
 * (e.g. Anthropic's input tokens in the first SSE event, output tokens in the last).
 * Pushed chunks must not be mutated afterwards (Node and undici hand out a fresh buffer per chunk).
 */
export class BodyCapture {
  readonly limitBytes: number
  readonly headBytes: number
  readonly tailBytes: number
  #size = 0
  /** The whole body while it is within the limit; null once it outgrew it. */
  #chunks: Uint8Array[] | null = []
  #whole: Buffer | null = null
  #head: Buffer | null = null
  #headLength = 0
  /** Chunks after the head, oldest first from `#ringStart`, covering at least the last `tailBytes`. */
  #ring: Uint8Array[] = []
  #ringStart = 0
  #ringBytes = 0
  /** Bytes between head and ring that were let go. */
  #dropped = 0

  constructor(limitBytes: number, headBytes = 8192, tailBytes = 32768) {
    this.limitBytes = checkSize('limitBytes', limitBytes)
    this.headBytes = checkSize('headBytes', headBytes)
    this.tailBytes = checkSize('tailBytes', tailBytes)
  }

  /** Total bytes seen, kept or not. */
  get size(): number {
    return this.#size
  }

  /** True once the body outgrew `limitBytes`: only head and tail are kept. */
  get truncated(): boolean {
    return this.#chunks === null
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.#size += chunk.length
    const chunks = this.#chunks
    if (chunks !== null) {
      if (this.#size <= this.limitBytes) {
        chunks.push(chunk)
        this.#whole = null
        return
      }
      this.#chunks = null
      this.#whole = null
      this.#head = Buffer.allocUnsafe(this.headBytes)
      for (const earlier of chunks) this.#keep(earlier)
    }
    this.#keep(chunk)
  }

  /** The whole body when it stayed within `limitBytes`, else null. */
  full(): Buffer | null {
    const chunks = this.#chunks
    if (chunks === null) return null
    if (this.#whole === null) {
      this.#whole = Buffer.concat(chunks, this.#size)
      this.#chunks = [this.#whole]
    }
    return this.#whole
  }

  headTail(): HeadTail {
    const whole = this.full()
    if (whole !== null) return splitHeadTail(whole, this.headBytes, this.tailBytes)
    const head = (this.#head ?? Buffer.alloc(0)).subarray(0, this.#headLength)
    const live = this.#ring.slice(this.#ringStart)
    const ring = Buffer.concat(live, this.#ringBytes)
    const tail = ring.subarray(Math.max(0, ring.length - this.tailBytes))
    if (this.#dropped === 0 && tail.length === ring.length) {
      return { head: Buffer.concat([head, tail]), tail: Buffer.alloc(0) }
    }
    return { head, tail }
  }

  #keep(chunk: Uint8Array): void {
    let rest = chunk
    if (this.#head !== null && this.#headLength < this.headBytes) {
      const n = Math.min(this.headBytes - this.#headLength, rest.length)
      this.#head.set(rest.subarray(0, n), this.#headLength)
      this.#headLength += n
      if (n === rest.length) return
      rest = rest.subarray(n)
    }
    if (rest.length >= this.tailBytes) {
      // One chunk covers the whole tail: copy its end so a huge chunk is not retained.
      this.#dropped += this.#ringBytes + rest.length - this.tailBytes
      this.#ring = [Buffer.from(rest.subarray(rest.length - this.tailBytes))]
      this.#ringStart = 0
      this.#ringBytes = this.tailBytes
      return
    }
    this.#ring.push(rest)
    this.#ringBytes += rest.length
    for (;;) {
      const oldest = this.#ring[this.#ringStart]
      if (oldest === undefined || this.#ringBytes - oldest.length < this.tailBytes) break
      this.#ringBytes -= oldest.length
      this.#dropped += oldest.length
      this.#ringStart++
    }
    if (this.#ringStart > 64 && this.#ringStart * 2 > this.#ring.length) {
      this.#ring = this.#ring.slice(this.#ringStart)
      this.#ringStart = 0
    }
  }
}

function splitHeadTail(body: Buffer, headBytes: number, tailBytes: number): HeadTail {
  if (body.length <= headBytes + tailBytes) return { head: body, tail: Buffer.alloc(0) }
  return { head: body.subarray(0, headBytes), tail: body.subarray(body.length - tailBytes) }
}
