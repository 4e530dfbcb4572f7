import { describe, expect, it } from 'vitest'
import { readUsage, usageFromHeaders } from './read-usage.js'
import { EVENTSTREAM_TYPE, JSON_TYPE, kept, whole } from './test-support/inputs.js'
import {
  anthropicMessage,
  anthropicStreamEvents,
  bedrockEventStream,
  bedrockInvokeStream,
  words,
} from './test-support/payloads.js'

describe('readUsage: Bedrock', () => {
  it('Converse JSON: inputTokens excludes cache reads and writes', () => {
    const body = {
      metrics: { latencyMs: 1093 },
      output: { message: { content: [{ text: 'Hello' }], role: 'assistant' } },
      stopReason: 'end_turn',
      usage: {
        cacheReadInputTokens: 1024,
        cacheWriteInputTokens: 50,
        inputTokens: 25,
        outputTokens: 120,
        totalTokens: 1219,
      },
    }
    expect(readUsage(whole(JSON_TYPE, body)).usage).toEqual({
      inputTokens: 25 + 1024 + 50,
      outputTokens: 120,
      cachedInputTokens: 1024,
      cacheWriteInputTokens: 50,
    })
  })

  it('Anthropic invoke body: Anthropic shape and model', () => {
    const body = anthropicMessage(
      { input: 14, output: 9, cacheRead: 0, cacheWrite: 0 },
      'claude-3-5-sonnet-20240620',
    )
    expect(readUsage(whole(JSON_TYPE, body))).toEqual({
      usage: { inputTokens: 14, outputTokens: 9, cachedInputTokens: 0 },
      model: 'claude-3-5-sonnet-20240620',
    })
  })

  const converseStream = (deltas: number) =>
    bedrockEventStream([
      { type: 'messageStart', payload: { p: 'abcd', role: 'assistant' } },
      ...words(deltas).map((text) => ({
        type: 'contentBlockDelta',
        payload: { contentBlockIndex: 0, delta: { text }, p: 'abcdefgh' },
      })),
      { type: 'contentBlockStop', payload: { contentBlockIndex: 0, p: 'abc' } },
      { type: 'messageStop', payload: { p: 'abcdef', stopReason: 'end_turn' } },
      {
        type: 'metadata',
        payload: {
          metrics: { latencyMs: 2254 },
          p: 'abc',
          usage: { inputTokens: 19, outputTokens: deltas, totalTokens: 19 + deltas },
        },
      },
    ])

  it('ConverseStream: reads the metadata event, whole and from a tail that starts mid-message', () => {
    const body = converseStream(1500)
    expect(readUsage(whole(EVENTSTREAM_TYPE, body)).usage).toEqual({ inputTokens: 19, outputTokens: 1500 })
    for (const chunk of [333, 1000, 4096]) {
      expect(readUsage(kept(EVENTSTREAM_TYPE, body, chunk)).usage).toEqual({
        inputTokens: 19,
        outputTokens: 1500,
      })
    }
  })

  it('InvokeModelWithResponseStream: decodes base64 chunks and the invocation metrics', () => {
    const events = anthropicStreamEvents(800, { input: 31, output: 800, cacheRead: 0, cacheWrite: 0 }).map(
      (e) => e.data as object,
    )
    const last = events[events.length - 1] as Record<string, unknown>
    last['amazon-bedrock-invocationMetrics'] = {
      inputTokenCount: 31,
      outputTokenCount: 800,
      invocationLatency: 9123,
      firstByteLatency: 410,
    }
    const body = bedrockInvokeStream(events)
    const expected = {
      usage: { inputTokens: 31, outputTokens: 800, cachedInputTokens: 0 },
      model: 'claude-sonnet-4-5-20250929',
    }
    expect(readUsage(whole(EVENTSTREAM_TYPE, body))).toEqual(expected)
    expect(readUsage(kept(EVENTSTREAM_TYPE, body))).toEqual(expected)
  })

  it('usageFromHeaders reads the token-count headers and adds cache counts to the input', () => {
    const node = {
      'content-type': 'application/json',
      'x-amzn-bedrock-input-token-count': '28',
      'x-amzn-bedrock-output-token-count': '51',
      'x-amzn-bedrock-cache-read-input-token-count': '100',
      'x-amzn-bedrock-cache-write-input-token-count': '0',
    }
    expect(usageFromHeaders(node)).toEqual({ inputTokens: 128, outputTokens: 51, cachedInputTokens: 100 })
    const fetchHeaders = new Headers({
      'X-Amzn-Bedrock-Input-Token-Count': '7',
      'X-Amzn-Bedrock-Output-Token-Count': '3',
    })
    expect(usageFromHeaders(fetchHeaders)).toEqual({ inputTokens: 7, outputTokens: 3 })
    expect(
      usageFromHeaders({
        'X-Amzn-Bedrock-Input-Token-Count': ['4'],
        'x-amzn-bedrock-output-token-count': '2',
      }),
    ).toEqual({ inputTokens: 4, outputTokens: 2 })
  })

  it('usageFromHeaders ignores responses without (or with malformed) counts', () => {
    expect(usageFromHeaders({ 'content-type': 'application/json' })).toBeUndefined()
    expect(usageFromHeaders({ 'x-amzn-bedrock-input-token-count': 'lots' })).toBeUndefined()
  })
})
