import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ResponseCache } from '../../cache/response-cache.js'
import { defaultSettings } from '../../core/gateway-settings.js'
import { readStepControls } from '../../core/step-controls.js'
import { openai } from '../../providers/openai.js'
import { MemoryCacheStore } from '../../store/memory/memory-cache-store.js'
import type { AttemptContext } from '../attempt-context.js'
import type { RequestContext } from '../context.js'
import type { Reply } from '../exchange.js'
import { cache } from './cache.js'

const clock = { now: () => Date.UTC(2025, 0, 1) }

function makeCache(coalesceWaitMs = 60_000): ResponseCache {
  return new ResponseCache(new MemoryCacheStore({ clock, maxBytes: 1 << 20 }), {
    maxEntryBytes: 1 << 20,
    coalesceWaitMs,
  })
}

function attemptFor(responseCache: ResponseCache, headers: Record<string, string> = {}): AttemptContext {
  const request = {
    accountId: 'acct',
    gatewayId: 'gw',
    gateway: { ...defaultSettings('gw', '2025-01-01T00:00:00.000Z'), cache_ttl: 300 },
    services: { cache: responseCache, clock },
    request: { method: 'POST', headers, signal: new AbortController().signal },
    replyHeaders: {},
    attempts: [],
  } as unknown as RequestContext
  return {
    request,
    provider: openai,
    step: 0,
    controls: readStepControls(headers),
    stream: false,
    url: 'https://api.openai.com/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-1' },
    body: Buffer.from('{"model":"gpt-4o-mini","messages":[]}'),
  }
}

function read(reply: Reply): Promise<string> {
  const body = reply.body
  if (!(body instanceof Readable)) return Promise.resolve(String(body))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    body.on('data', (chunk: Buffer) => chunks.push(chunk))
    body.once('end', () => resolve(Buffer.concat(chunks).toString()))
    body.once('error', reject)
  })
}

function upstreamReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(text)]) }
}

/** An upstream the test answers by hand, counting calls. */
function heldUpstream() {
  const pending: Array<{ resolve(reply: Reply): void; reject(error: Error): void }> = []
  return {
    get calls() {
      return pending.length
    },
    next: () => new Promise<Reply>((resolve, reject) => pending.push({ resolve, reject })),
    answer(index: number, reply: Reply) {
      pending[index]!.resolve(reply)
    },
    fail(index: number, error: Error) {
      pending[index]!.reject(error)
    },
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('cache stage: coalescing identical misses (beyond F165)', () => {
  it('20 identical concurrent misses make one upstream call and all get its body', async () => {
    const responseCache = makeCache()
    const upstream = heldUpstream()
    const attempts = Array.from({ length: 20 }, () => attemptFor(responseCache))
    const replies = attempts.map((attempt) => cache(attempt, upstream.next))
    await flush()
    expect(upstream.calls).toBe(1)
    upstream.answer(0, upstreamReply(200, '{"answer":1}'))
    const bodies = await Promise.all(replies.map(async (reply) => read(await reply)))
    expect(new Set(bodies)).toEqual(new Set(['{"answer":1}']))
    expect(upstream.calls).toBe(1)
    const statuses = attempts.map((a) => a.request.replyHeaders['cf-aig-cache-status'])
    expect(statuses.filter((s) => s === 'MISS')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'HIT')).toHaveLength(19)
    expect(attempts.filter((a) => a.request.cached === true)).toHaveLength(19)
  })

  it('when the leader fails, each follower makes its own call and no error is fanned out', async () => {
    const responseCache = makeCache()
    const upstream = heldUpstream()
    const replies = Array.from({ length: 3 }, () => cache(attemptFor(responseCache), upstream.next))
    await flush()
    upstream.fail(0, new Error('upstream reset'))
    await expect(replies[0]).rejects.toThrow('upstream reset')
    await flush()
    expect(upstream.calls).toBe(3)
    upstream.answer(1, upstreamReply(200, '{"n":2}'))
    upstream.answer(2, upstreamReply(200, '{"n":3}'))
    expect(await read(await replies[1]!)).toBe('{"n":2}')
    expect(await read(await replies[2]!)).toBe('{"n":3}')
  })

  it('F162 a leader’s error response is not shared: followers call upstream themselves', async () => {
    const responseCache = makeCache()
    const upstream = heldUpstream()
    const replies = Array.from({ length: 2 }, () => cache(attemptFor(responseCache), upstream.next))
    await flush()
    upstream.answer(0, upstreamReply(500, '{"error":"boom"}'))
    expect((await replies[0]!).status).toBe(500)
    await flush()
    expect(upstream.calls).toBe(2)
    upstream.answer(1, upstreamReply(200, '{"ok":true}'))
    expect(await read(await replies[1]!)).toBe('{"ok":true}')
  })

  it('a follower stops waiting after the bound and calls upstream itself', async () => {
    const responseCache = makeCache(5)
    const upstream = heldUpstream()
    void cache(attemptFor(responseCache), upstream.next)
    const follower = cache(attemptFor(responseCache), upstream.next)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(upstream.calls).toBe(2)
    // An error, so nothing is stored and the next request must decide between leading and following.
    upstream.answer(1, upstreamReply(503, '{"own":true}'))
    expect(await read(await follower)).toBe('{"own":true}')
    // The stuck leader no longer holds the key: the next request leads instead of waiting again.
    void cache(attemptFor(responseCache), upstream.next)
    await flush()
    expect(upstream.calls).toBe(3)
  })

  it('F112 skip-cache requests neither wait for nor read the cache, and their response is stored', async () => {
    const responseCache = makeCache()
    const leaderUpstream = heldUpstream()
    const skipUpstream = heldUpstream()
    const first = cache(attemptFor(responseCache), leaderUpstream.next)
    const skipping = attemptFor(responseCache, { 'cf-aig-skip-cache': 'true' })
    const second = cache(skipping, skipUpstream.next)
    await flush()
    expect([leaderUpstream.calls, skipUpstream.calls]).toEqual([1, 1])
    skipUpstream.answer(0, upstreamReply(200, '{"fresh":true}'))
    expect(await read(await second)).toBe('{"fresh":true}')
    expect(skipping.request.replyHeaders['cf-aig-cache-status']).toBe('MISS')
    leaderUpstream.answer(0, upstreamReply(200, '{"older":true}'))
    expect(await read(await first)).toBe('{"older":true}')
    const later = heldUpstream()
    const third = attemptFor(responseCache)
    // The last write wins: the leader finished after the skip-cache request.
    expect(await read(await cache(third, later.next))).toBe('{"older":true}')
    expect(later.calls).toBe(0)
    expect(third.request.replyHeaders['cf-aig-cache-status']).toBe('HIT')
  })
})
