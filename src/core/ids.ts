import { randomFillSync } from 'node:crypto'

/** F131: log ids are ULIDs (e.g. 01JADMCQQQBWH3NXZ5GCRN98DP): 48-bit time + 80 random bits, Crockford base32. */
export type IdFactory = (at: number) => string

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const POOL_BYTES = 4096

/**
 * Monotonic ULIDs: within one millisecond the random part is incremented, so ids sort in creation order.
 * Randomness comes from a pooled buffer (one syscall per ~400 ids): per-id `randomBytes` showed up at 3 % of
 * gateway CPU in profiles.
 */
export function createIdFactory(): IdFactory {
  const pool = Buffer.allocUnsafe(POOL_BYTES)
  let offset = POOL_BYTES
  let lastTime = -1
  const random = new Uint8Array(10)

  const fillRandom = (): void => {
    if (offset + 10 > POOL_BYTES) {
      randomFillSync(pool)
      offset = 0
    }
    for (let i = 0; i < 10; i++) random[i] = pool[offset + i]!
    offset += 10
  }

  const increment = (): void => {
    for (let i = 9; i >= 0; i--) {
      if (random[i] !== 0xff) {
        random[i]! += 1
        return
      }
      random[i] = 0
    }
  }

  return (at) => {
    const time = Math.max(at, lastTime)
    if (time === lastTime) increment()
    else fillRandom()
    lastTime = time
    let out = ''
    let t = time
    const timeChars = new Array<string>(10)
    for (let i = 9; i >= 0; i--) {
      timeChars[i] = ALPHABET[t % 32]!
      t = Math.floor(t / 32)
    }
    out = timeChars.join('')
    // 80 random bits → 16 base32 characters, 5 bits at a time.
    let buffer = 0
    let bits = 0
    for (let i = 0; i < 10; i++) {
      buffer = (buffer << 8) | random[i]!
      bits += 8
      while (bits >= 5) {
        bits -= 5
        out += ALPHABET[(buffer >> bits) & 31]
      }
      buffer &= (1 << bits) - 1
    }
    return out
  }
}
