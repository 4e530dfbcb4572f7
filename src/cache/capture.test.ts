import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { captureBody } from './capture.js'

function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.once('end', () => resolve(Buffer.concat(chunks)))
    stream.once('error', reject)
  })
}

describe('captureBody', () => {
  it('passes every chunk on and hands the complete bytes over at the end', async () => {
    const seen: Array<Buffer | undefined> = []
    const out = captureBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 10, (b) => seen.push(b))
    expect(await collect(out as Readable)).toEqual(Buffer.from('abcd'))
    expect(seen).toEqual([Buffer.from('abcd')])
  })

  it('forwards each chunk before the upstream has finished', async () => {
    const upstream = new PassThrough()
    const seen: Array<Buffer | undefined> = []
    const out = captureBody(upstream, 100, (b) => seen.push(b)) as Readable
    const first = new Promise<Buffer>((resolve) => out.once('data', resolve))
    upstream.write('data: 1\n\n')
    expect((await first).toString()).toBe('data: 1\n\n')
    expect(seen).toEqual([])
    out.resume()
    upstream.end('data: 2\n\n')
    await new Promise((resolve) => out.once('end', resolve))
    expect(seen.map((b) => b?.toString())).toEqual(['data: 1\n\ndata: 2\n\n'])
  })

  it('F160 gives up as soon as the body passes the cap, and still delivers all of it', async () => {
    const seen: Array<Buffer | undefined> = []
    const upstream = new PassThrough()
    const out = captureBody(upstream, 4, (b) => seen.push(b)) as Readable
    const body = collect(out)
    upstream.write('abc')
    upstream.write('def')
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual([undefined])
    upstream.end('ghi')
    expect((await body).toString()).toBe('abcdefghi')
    expect(seen).toEqual([undefined])
  })

  it('reports nothing storable when the upstream fails or the client leaves', async () => {
    const failed: Array<Buffer | undefined> = []
    const upstream = new PassThrough()
    const out = captureBody(upstream, 100, (b) => failed.push(b)) as Readable
    out.on('error', () => undefined)
    upstream.write('partial')
    upstream.destroy(new Error('reset'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(failed).toEqual([undefined])

    const left: Array<Buffer | undefined> = []
    const upstream2 = new PassThrough()
    const out2 = captureBody(upstream2, 100, (b) => left.push(b)) as Readable
    out2.on('error', () => undefined)
    upstream2.write('partial')
    out2.destroy()
    await new Promise((resolve) => setImmediate(resolve))
    expect(left).toEqual([undefined])
    expect(upstream2.destroyed).toBe(true)
  })

  it('takes buffers and strings as they are', () => {
    const seen: Array<Buffer | undefined> = []
    expect(captureBody('{"a":1}', 100, (b) => seen.push(b))).toBe('{"a":1}')
    captureBody(Buffer.alloc(101), 100, (b) => seen.push(b))
    captureBody(null, 100, (b) => seen.push(b))
    expect(seen).toEqual([Buffer.from('{"a":1}'), undefined, Buffer.alloc(0)])
  })
})
