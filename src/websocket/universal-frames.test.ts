import { describe, expect, it } from 'vitest'
import {
  createdFrame,
  doneFrame,
  errorFrame,
  parseClientFrame,
  replyMetadata,
  responsePayload,
  streamEventPayload,
  streamFrame,
} from './universal-frames.js'

describe('non-realtime client frames (F049)', () => {
  it('splits the eventId from the step it describes', () => {
    const parsed = parseClientFrame(
      JSON.stringify({
        type: 'universal.create',
        request: {
          eventId: 'e1',
          provider: 'workers-ai',
          endpoint: '@cf/m',
          headers: { a: 'b' },
          query: { prompt: 'hi' },
        },
      }),
    )
    expect(parsed).toEqual({
      ok: true,
      create: {
        eventId: 'e1',
        step: { provider: 'workers-ai', endpoint: '@cf/m', headers: { a: 'b' }, query: { prompt: 'hi' } },
      },
    })
  })

  it.each([
    ['{not json', undefined, 'invalid_json', /JSON|position|token/i],
    ['[1]', undefined, 'invalid_request', /JSON object/],
    ['{"type":"universal.delete","request":{"eventId":"e2"}}', 'e2', 'invalid_request', /universal\.create/],
    ['{"type":"universal.create","request":"x"}', undefined, 'invalid_request', /request must be an object/],
    ['{"type":"universal.create","request":{"provider":"openai"}}', undefined, 'invalid_request', /eventId/],
  ])('refuses %s and keeps the eventId when it can', (text, eventId, kind, message) => {
    const parsed = parseClientFrame(text)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.eventId).toBe(eventId)
    expect(parsed.kind).toBe(kind)
    expect(parsed.message).toMatch(message)
  })
})

describe('non-realtime server frames (F050–F052, F137)', () => {
  const headers = {
    'content-type': 'application/json',
    'cf-aig-log-id': '01JC3R94FRD97JBCBX3S0ZAXKW',
    'cf-aig-step': '1',
    'cf-aig-cache-status': 'HIT',
  }

  it('F050 metadata carries the header equivalents in the documented order, step as a string', () => {
    const metadata = replyMetadata('my-request', headers)
    expect(Object.keys(metadata)).toEqual(['cacheStatus', 'eventId', 'logId', 'step', 'contentType'])
    expect(JSON.parse(createdFrame(metadata, { response: { ok: true } }))).toEqual({
      type: 'universal.created',
      metadata: {
        cacheStatus: 'HIT',
        eventId: 'my-request',
        logId: '01JC3R94FRD97JBCBX3S0ZAXKW',
        step: '1',
        contentType: 'application/json',
      },
      response: { ok: true },
    })
  })

  it('defaults to MISS and step "0" when the reply carries neither header', () => {
    expect(replyMetadata('e', { 'content-type': 'text/event-stream', 'cf-aig-log-id': 'L' })).toEqual({
      cacheStatus: 'MISS',
      eventId: 'e',
      logId: 'L',
      step: '0',
      contentType: 'text/event-stream',
    })
  })

  it('F051 stream frames carry only the eventId; done repeats the metadata', () => {
    expect(JSON.parse(streamFrame('e', { response: 'would' }))).toEqual({
      type: 'universal.stream',
      metadata: { eventId: 'e' },
      response: { response: 'would' },
    })
    const metadata = replyMetadata('e', headers)
    expect(JSON.parse(doneFrame(metadata))).toEqual({ type: 'universal.done', metadata })
  })

  it('errors that cannot be replies name their code and the eventId when known', () => {
    expect(JSON.parse(errorFrame('e', 'invalid_request', 'bad'))).toEqual({
      type: 'universal.error',
      metadata: { eventId: 'e' },
      error: { code: 2005, message: 'Invalid request: bad' },
    })
    expect(JSON.parse(errorFrame(undefined, 'invalid_json', 'x')).metadata).toEqual({})
  })

  it('embeds JSON as JSON, text as text and other bytes as base64', () => {
    expect(responsePayload('application/json; charset=utf-8', Buffer.from('{"a":1}'))).toEqual({
      response: { a: 1 },
    })
    expect(responsePayload('application/problem+json', Buffer.from('{"b":2}'))).toEqual({
      response: { b: 2 },
    })
    expect(responsePayload('application/json', Buffer.from('not json'))).toEqual({ response: 'not json' })
    expect(responsePayload('text/plain', Buffer.from('héllo'))).toEqual({ response: 'héllo' })
    expect(responsePayload('audio/wav', Buffer.from([0, 1, 255]))).toEqual({
      response: 'AAH/',
      responseEncoding: 'base64',
    })
  })

  it('skips [DONE] and empty events, parses JSON data and keeps other text', () => {
    expect(streamEventPayload('[DONE]')).toEqual({ skip: true })
    expect(streamEventPayload('')).toEqual({ skip: true })
    expect(streamEventPayload('{"x":1}')).toEqual({ skip: false, response: { x: 1 } })
    expect(streamEventPayload('plain')).toEqual({ skip: false, response: 'plain' })
  })
})
