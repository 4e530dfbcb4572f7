import { PassThrough } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { createSseParser } from '../stream/sse.js'
import { withStreamErrorEvent } from './stream-error-event.js'

function guarded(style: 'openai' | 'anthropic') {
  const source = new PassThrough()
  const failures: string[] = []
  const out = withStreamErrorEvent(source, style, (message) => failures.push(message))
  return { source, out, failures }
}

describe('withStreamErrorEvent', () => {
  it('passes a complete stream through byte for byte and reports nothing', async () => {
    const { source, out, failures } = guarded('openai')
    source.write('data: {"a":1}\n\n')
    source.end('data: [DONE]\n\n')
    expect(await text(out)).toBe('data: {"a":1}\n\ndata: [DONE]\n\n')
    expect(failures).toEqual([])
  })

  it('a failure mid-stream ends with an OpenAI error event (after closing a half-written event) and is reported', async () => {
    const { source, out, failures } = guarded('openai')
    source.write('data: {"a":1}\n\ndata: {"b"')
    setImmediate(() => source.destroy(new Error('upstream reset')))
    const events = createSseParser().push(await text(out))
    const last = events.at(-1)!
    expect(JSON.parse(last.data)).toMatchObject({
      error: { message: expect.stringContaining('upstream reset'), type: 'aigw_error', code: '2015' },
    })
    expect(events[0]!.data).toBe('{"a":1}')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain('upstream reset')
  })

  it('Anthropic-style streams get an `event: error` frame', async () => {
    const { source, out } = guarded('anthropic')
    source.write('event: message_start\ndata: {}\n\n')
    setImmediate(() => source.destroy(new Error('gone')))
    const last = createSseParser()
      .push(await text(out))
      .at(-1)!
    expect(last.event).toBe('error')
    expect(JSON.parse(last.data)).toMatchObject({ type: 'error', error: { type: 'api_error' } })
  })

  it('a source that closes without ending counts as broken', async () => {
    const { source, out, failures } = guarded('openai')
    source.write('data: {}\n\n')
    setImmediate(() => source.destroy())
    expect(await text(out)).toContain('"error"')
    expect(failures).toHaveLength(1)
  })

  it('the reader going away stops the upstream read and is not a stream failure', async () => {
    const { source, out, failures } = guarded('openai')
    source.write('data: {}\n\n')
    out.destroy()
    await new Promise((resolve) => setImmediate(resolve))
    expect(source.destroyed).toBe(true)
    expect(failures).toEqual([])
  })
})
