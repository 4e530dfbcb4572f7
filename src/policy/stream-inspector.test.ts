import { describe, expect, it } from 'vitest'
import { GatewayError } from '../core/errors.js'
import {
  inspectStream,
  streamErrorEvent,
  StreamInspection,
  type ScanWindow,
  type StreamInspectorOptions,
} from './stream-inspector.js'
import { createEventTextReader } from './text/index.js'

const SECRET = '4111111111111111'
const chunk = (content: string, index = 0) =>
  `data: ${JSON.stringify({ choices: [{ index, delta: { content } }] })}\n\n`

/** Blocks when the window holds SECRET as a whole token; a match touching the end waits unless final. */
function secretCheck(seen: ScanWindow[] = []) {
  return (window: ScanWindow) => {
    seen.push({ ...window })
    const re = /(?<!\d)4111111111111111(?!\d)/g
    re.lastIndex = window.truncated ? 1 : 0
    for (let m = re.exec(window.text); m; m = re.exec(window.text)) {
      if (m.index + m[0].length < window.text.length || window.final) return { block: true }
    }
    return { block: false }
  }
}

function options(overrides: Partial<StreamInspectorOptions> = {}): StreamInspectorOptions {
  return {
    mode: 'sse',
    extract: createEventTextReader('openai-chat'),
    check: secretCheck(),
    overlap: 24,
    blockOutput: () => 'data: {"error":{"code":"2030"}}\n\n',
    ...overrides,
  }
}

async function collect(generator: AsyncGenerator<Buffer>): Promise<string> {
  let out = ''
  for await (const part of generator) out += part.toString()
  return out
}

async function* chunks(parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part)
}

/** A source the test feeds by hand, to observe what is released before the upstream finished. */
function pushable() {
  const queue: Array<Uint8Array | null> = []
  let wake: (() => void) | undefined
  async function* source(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const next = queue.shift()!
      if (next === null) return
      yield next
    }
  }
  return {
    source: source(),
    push(text: string | null) {
      queue.push(text === null ? null : Buffer.from(text))
      wake?.()
    },
  }
}

describe('StreamInspection (F216, beyond Cloudflare: incremental instead of full buffering)', () => {
  it('passes a clean stream through byte for byte, however it is chunked', async () => {
    const stream =
      'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n' +
      Array.from({ length: 30 }, (_, i) => chunk(`word ${i} `)).join('') +
      ': comment\n\ndata: [DONE]\n\n'
    for (const size of [1, 7, 64, stream.length]) {
      const parts: string[] = []
      for (let i = 0; i < stream.length; i += size) parts.push(stream.slice(i, i + size))
      expect(await collect(new StreamInspection(options()).run(chunks(parts)))).toBe(stream)
    }
  })

  it('catches a card number split across two events and two chunks; nothing of it is released', async () => {
    const intro = chunk(`${'Intro text, long enough to be released first. '.repeat(3)}`)
    const body =
      intro + chunk('f'.repeat(50)) + chunk(`card ${SECRET.slice(0, 9)}`) + chunk(`${SECRET.slice(9)} ok`)
    const split = body.indexOf(SECRET.slice(3, 7))
    const inspection = new StreamInspection(options({ overlap: 40 }))
    const out = await collect(inspection.run(chunks([body.slice(0, split), body.slice(split)])))
    expect(inspection.blocked).toBe(true)
    expect(out.startsWith(intro)).toBe(true)
    expect(out).not.toContain(SECRET.slice(0, 9))
    expect(out).not.toContain(SECRET.slice(9))
    expect(out.endsWith('data: {"error":{"code":"2030"}}\n\n')).toBe(true)
  })

  it('releases events while the upstream is still streaming (only ~overlap characters are held)', async () => {
    const feed = pushable()
    const inspection = new StreamInspection(options({ overlap: 10 }))
    const generator = inspection.run(feed.source)
    for (let i = 0; i < 5; i++) feed.push(chunk('abcdefgh'))
    const first = await generator.next()
    expect(first.done).toBe(false)
    expect(first.value!.toString()).toBe(chunk('abcdefgh'))
    feed.push(null)
    expect(await collect(generator)).toBe(chunk('abcdefgh').repeat(4))
  })

  it('a match touching the end of the text so far waits for the next character', async () => {
    // "4111111111111111" followed by another digit is not the card number.
    const stream = chunk(SECRET) + chunk('2 is a longer number')
    const inspection = new StreamInspection(options())
    expect(await collect(inspection.run(chunks([stream])))).toBe(stream)
    expect(inspection.blocked).toBe(false)
  })

  it('never joins text of different channels (choices)', async () => {
    const stream = chunk(SECRET.slice(0, 8), 0) + chunk(SECRET.slice(8), 1) + chunk(SECRET.slice(8), 0)
    const seen: ScanWindow[] = []
    const inspection = new StreamInspection(options({ check: secretCheck(seen) }))
    const out = await collect(inspection.run(chunks([stream])))
    expect(inspection.blocked).toBe(true)
    expect(seen.every((w) => w.channel === 'choices/0/content' || w.text === SECRET.slice(8))).toBe(true)
    expect(out).toBe('')
  })

  it('a block before any byte went out releases nothing, so the caller can answer with a plain error', async () => {
    const inspected = await inspectStream(chunks([chunk(`card ${SECRET} here`), chunk('more')]), options())
    expect(inspected.blockedBeforeOutput).toBe(true)
    expect(await collect(inspected.body[Symbol.asyncIterator]() as AsyncGenerator<Buffer>)).toBe('')
  })

  it('inspectStream waits for the first release and hands back the rest as a stream', async () => {
    const stream = Array.from({ length: 12 }, (_, i) => chunk(`part ${i} of a clean answer `)).join('')
    const inspected = await inspectStream(chunks([stream]), options())
    expect(inspected.blockedBeforeOutput).toBe(false)
    let out = ''
    for await (const part of inspected.body) out += (part as Buffer).toString()
    expect(out).toBe(stream)
  })

  it('accepts asynchronous checks and batches them (guardrails)', async () => {
    const windows: ScanWindow[] = []
    const inspection = new StreamInspection(
      options({
        batchChars: 20,
        check: async (window) => {
          windows.push(window)
          await new Promise((resolve) => setImmediate(resolve))
          return { block: window.text.includes('forbidden') }
        },
      }),
    )
    const stream = Array.from({ length: 10 }, () => chunk('12345')).join('')
    expect(await collect(inspection.run(chunks([stream])))).toBe(stream)
    expect(windows.length).toBeLessThan(10)
    expect(windows.at(-1)?.final).toBe(true)
  })

  it('bounds held bytes: a stalled channel is checked as complete and released', async () => {
    const stream = chunk('x'.repeat(5)) + Array.from({ length: 50 }, () => chunk('y', 1)).join('')
    const inspection = new StreamInspection(options({ overlap: 1000, maxHeldBytes: 500 }))
    const generator = inspection.run(chunks([stream.slice(0, 1200), stream.slice(1200)]))
    const first = await generator.next()
    expect(first.value!.length).toBeGreaterThan(0)
    expect(first.value!.length).toBeLessThan(stream.length)
  })

  it('text mode releases the original bytes and aborts the stream on a late block', async () => {
    const binary = Buffer.from([0xff, 0x00, 0x41, 0x42])
    const clean = new StreamInspection(options({ mode: 'text' }))
    const parts: Buffer[] = []
    for await (const part of clean.run(
      (async function* () {
        yield binary
      })(),
    ))
      parts.push(part)
    expect(Buffer.concat(parts)).toEqual(binary)

    const late = new StreamInspection(
      options({ mode: 'text', overlap: 4, blockOutput: () => new Error('blocked') }),
    )
    const run = collect(late.run(chunks(['a'.repeat(50), 'b'.repeat(50), ` ${SECRET} `])))
    await expect(run).rejects.toThrow('blocked')
  })
})

describe('streamErrorEvent: the error event each stream dialect’s SDK raises', () => {
  const error = new GatewayError('dlp_response_blocked')
  const parse = (event: string) => {
    const lines = event.trimEnd().split('\n')
    return {
      event: lines.find((l) => l.startsWith('event: '))?.slice(7),
      data: JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as unknown,
    }
  }

  it('F143 OpenAI (also /compat and Workers AI): a data event with OpenAI’s error object', () => {
    for (const schema of ['openai-chat', 'workers-ai'] as const) {
      expect(parse(streamErrorEvent(schema, error))).toEqual({
        event: undefined,
        data: { error: { message: error.message, type: 'aigw_error', code: '2030', param: null } },
      })
    }
  })

  it('Anthropic: `event: error` with an Anthropic error body', () => {
    expect(parse(streamErrorEvent('anthropic-messages', error))).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'invalid_request_error', message: error.message, code: 2030 } },
    })
  })

  it('Gemini: an error chunk whose code is an HTTP status (what @google/genai throws on)', () => {
    const { data } = parse(streamErrorEvent('gemini', error)) as {
      data: { error: { code: number; aigw_code: number } }
    }
    expect(data.error.code).toBe(400)
    expect(data.error.aigw_code).toBe(2030)
  })

  it('other families: `event: error` with the Cloudflare code and message', () => {
    expect(parse(streamErrorEvent('cohere', error))).toEqual({
      event: 'error',
      data: { error: { code: 2030, message: error.message } },
    })
  })
})
