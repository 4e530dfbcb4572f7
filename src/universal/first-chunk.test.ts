import { PassThrough } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { waitForFirstChunk } from './first-chunk.js'

describe('waitForFirstChunk', () => {
  it('reports the first chunk and puts it back, so the reader still gets every byte in order', async () => {
    const body = new PassThrough()
    const waiting = waitForFirstChunk(body, undefined)
    body.write('data: one\n\n')
    expect(await waiting).toEqual({ kind: 'data' })
    body.end('data: two\n\n')
    expect(await text(body)).toBe('data: one\n\ndata: two\n\n')
  })

  it('F177 silence past the timeout is a timeout; nothing is consumed', async () => {
    const body = new PassThrough()
    expect(await waitForFirstChunk(body, 20)).toEqual({ kind: 'timeout' })
    body.end('late')
    expect(await text(body)).toBe('late')
  })

  it('an error or a close before the first byte is a failure', async () => {
    const failing = new PassThrough()
    const waiting = waitForFirstChunk(failing, undefined)
    failing.destroy(new Error('socket hang up'))
    expect(await waiting).toMatchObject({ kind: 'error', error: { message: 'socket hang up' } })

    const closed = new PassThrough()
    const closing = waitForFirstChunk(closed, undefined)
    closed.destroy()
    expect(await closing).toMatchObject({ kind: 'error' })
  })

  it('an empty body that ends cleanly is reported as ended', async () => {
    const body = new PassThrough()
    const waiting = waitForFirstChunk(body, undefined)
    body.end()
    expect(await waiting).toEqual({ kind: 'end' })
  })
})
