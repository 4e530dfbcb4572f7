/**
 * Anthropic → hub → Anthropic: what an Anthropic client sends to `…/compat/v1/messages` for an `anthropic/` model
 * must reach Anthropic unchanged in meaning, and Anthropic's answers must come back to it unchanged.
 */
import Anthropic from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import type { Clock } from '../../core/clock.js'
import type { SseEvent } from '../../stream/sse.js'
import { createAnthropicMessagesTranslator } from '../anthropic-messages/index.js'
import { fixtureEvents, fixtureJson } from '../anthropic-messages/test-support/fixtures.js'
import { anthropicSdkRequest, anthropicStreamFinal } from '../anthropic-messages/test-support/sdk-harness.js'
import { anthropicRequestViolations } from '../anthropic-messages/test-support/validate-anthropic-request.js'
import type { HubContext } from '../identity/hub-context.js'
import { UpstreamStreamError } from '../identity/hub-errors.js'
import type { OpenAIChatChunk } from '../types.js'
import { anthropicInputTranslator } from './index.js'

const clock: Clock = { now: () => 1_750_000_000_000 }
const target = createAnthropicMessagesTranslator({ clock })
const messagesFixture = (name: string) =>
  fixtureJson(import.meta.url, `../../anthropic-messages/__fixtures__/${name}`)

function throughHub(request: unknown, model: string, stream = false): unknown {
  const { body, warnings } = anthropicInputTranslator.request(request)
  expect(warnings).toEqual([])
  const out = target.request(body, { model, stream })
  expect(out.warnings).toEqual([])
  return out.body
}

describe('Anthropic request → hub → Anthropic request', () => {
  it('keeps system, images, tool_use/tool_result pairs, tools, tool_choice and stop_sequences', () => {
    const original = fixtureJson(import.meta.url, 'request-full.json') as Record<string, unknown>
    const back = throughHub(original, 'gpt-4o')
    const expected = structuredClone(original) as { model: string; messages: Array<{ content: unknown }> }
    expected.model = 'gpt-4o'
    // The only normal form the hub introduces: a lone text block comes back as a plain string.
    const last = expected.messages[4] as { content: Array<{ content: unknown }> }
    ;(last.content[0] as { content: unknown }).content = '14°C, light rain'
    expect(back).toEqual(expected)
    expect(anthropicRequestViolations(back)).toEqual([])
  })

  it('keeps a request exactly as the Anthropic SDK sends it, streaming included', async () => {
    const sent = await anthropicSdkRequest({
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 512,
      system: 'Reply in haiku.',
      stop_sequences: ['###'],
      tools: [
        {
          name: 'lookup',
          description: 'Look a word up',
          input_schema: { type: 'object', properties: { word: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'any' },
      messages: [
        { role: 'user', content: 'Define serendipity.' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01', name: 'lookup', input: { word: 'serendipity' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'luck in finding good things' }],
        },
      ],
    })
    const back = throughHub({ ...(sent as object), stream: true }, 'claude-sonnet-4-5', true)
    expect(back).toEqual({ ...(sent as object), model: 'claude-sonnet-4-5', stream: true })
    expect(anthropicRequestViolations(back)).toEqual([])
  })
})

describe('Anthropic response → hub → Anthropic response', () => {
  it('returns the same message, usage included', () => {
    const original = messagesFixture('tool-use-response.json') as Record<string, unknown>
    const hub = target.response(original, { model: 'claude-sonnet-4-5', stream: false })
    expect(anthropicInputTranslator.response(hub)).toEqual({
      id: original['id'],
      type: 'message',
      role: 'assistant',
      model: original['model'],
      content: original['content'],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 384,
        output_tokens: 76,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      },
    })
  })

  it('streams the same content through the hub, as the Anthropic SDK assembles it', async () => {
    const hubContext: HubContext = { model: 'claude-3-5-haiku', stream: true, includeUsage: true }
    const upstream = target.stream(hubContext)
    const client = anthropicInputTranslator.stream()
    const out = fixtureEvents(
      import.meta.url,
      '../../anthropic-messages/__fixtures__/tool-use-stream.sse',
    ).flatMap((event) => upstream.push(event).flatMap((chunk: OpenAIChatChunk) => client.pushChunk(chunk)))
    out.push(...upstream.end().flatMap((chunk) => client.pushChunk(chunk)), ...client.end())
    const message = await anthropicStreamFinal(out)
    expect(message.id).toBe('msg_014p7gG3wDgGV9EUtLvnow3U')
    expect(message.model).toBe('claude-3-5-haiku-20241022')
    expect(message.stop_reason).toBe('tool_use')
    expect(message.content).toEqual([
      { type: 'text', text: "Okay, let's check the weather and the time in San Francisco." },
      {
        type: 'tool_use',
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        input: { location: 'San Francisco, CA', unit: 'fahrenheit' },
      },
      { type: 'tool_use', id: 'toolu_01BqJ8rGxDhTWk5SM3uHd4Nz', name: 'get_time', input: {} },
    ])
    expect(message.usage).toMatchObject({ input_tokens: 472, output_tokens: 89 })
  })

  it('relays an overloaded_error mid-stream to the Anthropic client as the same error type', async () => {
    const hubContext: HubContext = { model: 'claude-sonnet-4-5', stream: true, includeUsage: true }
    const upstream = target.stream(hubContext)
    const client = anthropicInputTranslator.stream()
    const out: SseEvent[] = []
    for (const event of fixtureEvents(
      import.meta.url,
      '../../anthropic-messages/__fixtures__/overloaded-mid-stream.sse',
    )) {
      try {
        for (const chunk of upstream.push(event)) out.push(...client.pushChunk(chunk))
      } catch (error) {
        if (!(error instanceof UpstreamStreamError)) throw error
        out.push(...client.pushError(0, error.body))
      }
    }
    expect(out.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'error',
    ])
    expect(JSON.parse(out[3]?.data ?? '')).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    })
    const failure = await anthropicStreamFinal(out).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(Anthropic.APIError)
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error')
  })
})
