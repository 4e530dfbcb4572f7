import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { UpstreamStreamError } from '../identity/hub-errors.js'
import {
  FIXED_ID,
  FIXED_NOW_SECONDS,
  fixedOptions,
  fixtureJson,
  fixtureText,
  replay,
  replayEach,
  thrown,
} from '../identity/test-support/fixtures.js'
import type { HubContext } from '../identity/hub-context.js'
import { validateOpenAIRequest } from '../identity/test-support/validate-openai-request.js'
import { WORKERS_AI_CHAT_PATH, workersAiTranslator } from './index.js'

const translator = workersAiTranslator(fixedOptions)
const MODEL = '@cf/meta/llama-3.2-3b-instruct'
const ctx = (extra: Partial<HubContext> = {}): HubContext => ({
  model: MODEL,
  stream: false,
  warnings: [],
  ...extra,
})

describe('Workers AI request (F022)', () => {
  it('F013 sends the hub body to /v1/chat/completions with the @cf model id and max_tokens', () => {
    const request = translator.request(
      {
        model: `workers-ai/${MODEL}`,
        messages: [{ role: 'user', content: 'Hi' }],
        max_completion_tokens: 64,
        stream_options: { include_usage: true },
      },
      ctx(),
    )
    expect(WORKERS_AI_CHAT_PATH).toBe('/v1/chat/completions')
    expect(validateOpenAIRequest(request.body)).toEqual([])
    expect(request).toEqual({
      path: '/v1/chat/completions',
      body: { model: MODEL, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 64 },
      warnings: [],
    })
    const streaming = translator.request(
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      ctx({ stream: true }),
    )
    expect(streaming.body).toMatchObject({ model: MODEL, stream: true })
  })

  it('rejects a model that is not a Workers AI catalogue id', () => {
    const error = thrown(() =>
      translator.request({ model: 'workers-ai/llama', messages: [] }, ctx({ model: 'llama' })),
    )
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).message).toContain('model: "llama" is not a Workers AI model id')
  })
})

describe('Workers AI response', () => {
  it('keeps an OpenAI-shaped completion as the upstream sent it', () => {
    const body = fixtureJson(import.meta.url, 'openai-text.json')
    expect(translator.response(body, ctx())).toEqual(body)
  })

  it('fills id, created and usage when the upstream omits them, flagging the missing usage', () => {
    const context = ctx({ model: '@cf/meta/llama-3.1-8b-instruct' })
    expect(translator.response(fixtureJson(import.meta.url, 'openai-bare.json'), context)).toEqual({
      id: FIXED_ID,
      object: 'chat.completion',
      created: FIXED_NOW_SECONDS,
      model: '@cf/meta/llama-3.1-8b-instruct',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Beep boop.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    })
    expect(context.warnings).toEqual(['upstream reported no token usage; usage is reported as zeros'])
  })

  it('translates the native envelope with text', () => {
    const context = ctx()
    expect(translator.response(fixtureJson(import.meta.url, 'native-text.json'), context)).toEqual({
      id: FIXED_ID,
      object: 'chat.completion',
      created: FIXED_NOW_SECONDS,
      model: MODEL,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Why was the math book sad? Because it had too many problems.',
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 29, completion_tokens: 14, total_tokens: 43 },
    })
    expect(context.warnings).toEqual([])
  })

  it('translates native tool calls with generated ids and JSON-text arguments', () => {
    const completion = translator.response(fixtureJson(import.meta.url, 'native-tool-call.json'), ctx())
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"London","unit":"celsius"}' },
            },
          ],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ])
  })

  it('serialises a JSON-mode response object as the message content', () => {
    expect(
      translator.response(fixtureJson(import.meta.url, 'native-json-mode.json'), ctx()).choices[0]?.message
        .content,
    ).toBe('{"name":"Ada Lovelace","born":1815}')
  })
})

describe('Workers AI stream', () => {
  it('translates native events as they arrive and finishes at [DONE]', () => {
    const { perEvent, atEnd } = replayEach(
      translator.stream(ctx({ stream: true })),
      fixtureText(import.meta.url, 'native-stream.sse'),
    )
    const head = { id: FIXED_ID, object: 'chat.completion.chunk', created: FIXED_NOW_SECONDS, model: MODEL }
    expect(perEvent).toEqual([
      [
        {
          ...head,
          choices: [
            { index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null, logprobs: null },
          ],
        },
      ],
      [
        {
          ...head,
          choices: [{ index: 0, delta: { content: ' there' }, finish_reason: null, logprobs: null }],
        },
      ],
      [{ ...head, choices: [{ index: 0, delta: { content: '!' }, finish_reason: null, logprobs: null }] }],
      [],
      [{ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] }],
    ])
    expect(atEnd).toEqual([])
  })

  it('ends a native stream with its usage when the client asked for it', () => {
    const chunks = replay(
      translator.stream(ctx({ stream: true, includeUsage: true })),
      fixtureText(import.meta.url, 'native-stream.sse'),
    )
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 18, completion_tokens: 4, total_tokens: 22 },
    })
  })

  it('emits a native tool call whole and finishes with tool_calls', () => {
    const chunks = replay(
      translator.stream(ctx({ stream: true })),
      fixtureText(import.meta.url, 'native-tool-stream.sse'),
    )
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      {
        index: 0,
        delta: {
          role: 'assistant',
          tool_calls: [
            {
              index: 0,
              id: 'call_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Lisbon"}' },
            },
          ],
        },
        finish_reason: null,
        logprobs: null,
      },
      { index: 0, delta: {}, finish_reason: 'tool_calls', logprobs: null },
    ])
  })

  it('passes OpenAI chunks through, dropping usage the client did not ask for', () => {
    const without = replay(
      translator.stream(ctx({ stream: true })),
      fixtureText(import.meta.url, 'openai-stream.sse'),
    )
    expect(
      without.map((chunk) => [
        chunk.id,
        chunk.choices[0]?.delta.content,
        chunk.choices[0]?.finish_reason,
        'usage' in chunk,
      ]),
    ).toEqual([
      ['id-1751625046210', 'The', null, false],
      ['id-1751625046210', ' sky is blue.', null, false],
      ['id-1751625046210', '', 'stop', false],
    ])
    const withUsage = replay(
      translator.stream(ctx({ stream: true, includeUsage: true })),
      fixtureText(import.meta.url, 'openai-stream.sse'),
    )
    expect(withUsage.at(-1)?.usage).toEqual({ prompt_tokens: 40, completion_tokens: 6, total_tokens: 46 })
  })

  it('fills id and created on OpenAI chunks that lack them, the same on every chunk', () => {
    const stream = translator.stream(ctx({ stream: true }))
    const a = stream.push({
      data: '{"object":"chat.completion.chunk","model":"@cf/x","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}',
    })
    const b = stream.push({ data: '{"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]}' })
    expect([...a, ...b].map((chunk) => [chunk.id, chunk.created, chunk.model, chunk.object])).toEqual([
      [FIXED_ID, FIXED_NOW_SECONDS, '@cf/x', 'chat.completion.chunk'],
      [FIXED_ID, FIXED_NOW_SECONDS, MODEL, 'chat.completion.chunk'],
    ])
  })

  it('raises an error event as an UpstreamStreamError', () => {
    const error = thrown(() =>
      translator.stream(ctx({ stream: true })).push({
        data: '{"errors":[{"code":3040,"message":"Capacity temporarily exceeded, please try again."}],"success":false}',
      }),
    )
    expect(error).toBeInstanceOf(UpstreamStreamError)
    expect((error as UpstreamStreamError).body.error).toMatchObject({
      message: 'Capacity temporarily exceeded, please try again.',
      code: '3040',
    })
  })
})

describe('Workers AI errors', () => {
  it('maps the Cloudflare envelope to the OpenAI error shape', () => {
    expect(translator.error(400, fixtureJson(import.meta.url, 'error-400.json'))).toEqual({
      error: {
        message:
          "AiError: Bad input: Error: oneOf at '/' not met, 0 matches: required properties at '/' are 'prompt', Type mismatch of '/messages/0/content', 'number' not in 'string,array'",
        type: 'invalid_request_error',
        param: null,
        code: '5006',
      },
    })
    expect(translator.error(401, fixtureJson(import.meta.url, 'error-401.json'))).toEqual({
      error: { message: 'Authentication error', type: 'authentication_error', param: null, code: '10000' },
    })
  })

  it('passes an OpenAI-shaped error through', () => {
    const body = {
      error: {
        message: 'model not found',
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
    }
    expect(translator.error(404, body)).toEqual(body)
  })
})
