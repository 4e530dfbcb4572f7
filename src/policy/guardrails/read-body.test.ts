import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readUpTo } from './read-body.js'

async function text(body: Readable): Promise<string> {
  let out = ''
  for await (const chunk of body) out += (chunk as Buffer).toString()
  return out
}

describe('buffering an answer for a check', () => {
  it('reads every body form whole when it fits', async () => {
    expect(await readUpTo(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 10)).toEqual({
      complete: true,
      bytes: Buffer.from('abcd'),
    })
    expect(await readUpTo('xyz', 10)).toEqual({ complete: true, bytes: Buffer.from('xyz') })
    expect(await readUpTo(null, 10)).toEqual({ complete: true, bytes: Buffer.alloc(0) })
  })

  it('past the limit it loses nothing: what was read is replayed before the rest', async () => {
    const read = await readUpTo(Readable.from(['aaaa', 'bbbb', 'cccc', 'dddd'].map((s) => Buffer.from(s))), 6)
    expect(read.complete).toBe(false)
    if (!read.complete) expect(await text(read.body)).toBe('aaaabbbbccccdddd')
  })
})
