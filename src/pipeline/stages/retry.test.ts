import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { readStepControls } from '../../core/step-controls.js'
import type { Sleep } from '../../limits/sleep.js'
import type { AttemptContext } from '../attempt-context.js'
import type { Reply } from '../exchange.js'
import type { AttemptRecord } from '../record.js'
import { discardBody, retrying } from './retry.js'

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0)

/** Just what the retry loop reads: controls, gateway settings, attempts, clock, sleep and the client signal. */
function attemptWith(headers: Record<string, string>, sleep: Sleep, signal = new AbortController().signal) {
  const attempts: AttemptRecord[] = []
  const attempt = {
    controls: readStepControls(headers),
    request: {
      gateway: undefined,
      attempts,
      request: { signal },
      services: { clock: { now: () => NOW }, sleep },
    },
  } as unknown as AttemptContext
  return { attempt, attempts }
}

function reply(status: number, headers: Record<string, string> = {}, body: Reply['body'] = null): Reply {
  return { status, headers, body }
}

describe('retry loop', () => {
  it('F180 retries a retryable gateway error (unreachable) and rethrows it after the last try', async () => {
    const waits: number[] = []
    const { attempt } = attemptWith(
      { 'cf-aig-max-attempts': '3', 'cf-aig-retry-delay': '10' },
      async (ms) => {
        waits.push(ms)
      },
    )
    let tries = 0
    const run = retrying(async () => {
      tries += 1
      throw new GatewayError('upstream_unreachable', `try ${tries}`)
    })
    await expect(run(attempt)).rejects.toThrow('Upstream unreachable: try 3')
    expect(waits).toEqual([10, 10])
  })

  it('does not retry an error the table does not mark retryable', async () => {
    const { attempt } = attemptWith({ 'cf-aig-max-attempts': '5' }, async () => undefined)
    let tries = 0
    const run = retrying(async () => {
      tries += 1
      throw new GatewayError('missing_provider_key')
    })
    await expect(run(attempt)).rejects.toThrow(/No provider key/)
    expect(tries).toBe(1)
  })

  it('reads a Retry-After HTTP date against the gateway clock and notes the wait on the attempt record', async () => {
    const waits: number[] = []
    const { attempt, attempts } = attemptWith(
      { 'cf-aig-max-attempts': '2', 'cf-aig-retry-delay': '0' },
      async (ms) => {
        waits.push(ms)
      },
    )
    const replies = [reply(503, { 'retry-after': 'Wed, 01 Jan 2025 12:00:04 GMT' }), reply(200)]
    const run = retrying(async () => {
      attempts.push({ provider: 'openai', step: 0, status: 0, startedAt: NOW, durationMs: 1 })
      return replies.shift()!
    })
    expect((await run(attempt)).status).toBe(200)
    expect(waits).toEqual([4_000])
    expect(attempts.map((record) => record.retryDelayMs)).toEqual([4_000, undefined])
  })

  it('turns a client hang-up during the wait into client_closed without another try', async () => {
    const controller = new AbortController()
    const sleep: Sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
        controller.abort(new Error('client disconnected'))
      })
    const { attempt } = attemptWith({ 'cf-aig-max-attempts': '3' }, sleep, controller.signal)
    let tries = 0
    const run = retrying(async () => {
      tries += 1
      return reply(502)
    })
    const error = await run(attempt).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).kind).toBe('client_closed')
    expect(tries).toBe(1)
  })
})

describe('discardBody', () => {
  it('reads a small error body to its end so the connection can be reused', async () => {
    const body = Readable.from([Buffer.from('{"error":'), Buffer.from('"overloaded"}')])
    const ended = new Promise((resolve) => body.once('end', () => resolve('end')))
    discardBody(body)
    expect(await ended).toBe('end')
  })

  it('destroys a body past 64 KiB instead of reading it all', async () => {
    let produced = 0
    const body = new Readable({
      read() {
        produced += 16 * 1024
        this.push(Buffer.alloc(16 * 1024))
      },
    })
    const closed = new Promise((resolve) => body.once('close', () => resolve(body.destroyed)))
    discardBody(body)
    expect(await closed).toBe(true)
    expect(produced).toBeLessThan(256 * 1024)
  })
})
