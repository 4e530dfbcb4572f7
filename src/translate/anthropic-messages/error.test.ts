import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { anthropicMessagesTranslator } from './index.js'
import { fixtureJson } from './test-support/fixtures.js'
import { openaiSdkError } from './test-support/sdk-harness.js'

const translate = (status: number, body: unknown) => anthropicMessagesTranslator.error(status, body)

describe('F019 Anthropic errors → OpenAI error shape', () => {
  it('keeps the message and carries the Anthropic type as code', () => {
    expect(translate(400, fixtureJson(import.meta.url, 'error-invalid-request.json'))).toEqual({
      error: {
        message:
          'messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01A09q90qw90lq917835lq9. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_request_error',
      },
    })
  })

  it.each([
    ['authentication_error', 401, 'authentication_error'],
    ['permission_error', 403, 'permission_error'],
    ['not_found_error', 404, 'not_found_error'],
    ['request_too_large', 413, 'invalid_request_error'],
    ['rate_limit_error', 429, 'rate_limit_error'],
    ['billing_error', 402, 'insufficient_quota'],
    ['api_error', 500, 'server_error'],
    ['overloaded_error', 529, 'server_error'],
  ])('maps %s (HTTP %d) to OpenAI type %s', (type, status, openaiType) => {
    const out = translate(status, { type: 'error', error: { type, message: 'boom' } })
    expect(out).toEqual({ error: { message: 'boom', type: openaiType, param: null, code: type } })
  })

  it('describes a body that is not Anthropic JSON by its status', () => {
    expect(translate(502, '<html>Bad gateway</html>')).toEqual({
      error: {
        message: 'Anthropic returned HTTP 502: <html>Bad gateway</html>',
        type: 'server_error',
        param: null,
        code: null,
      },
    })
    expect(translate(429, null).error.type).toBe('rate_limit_error')
  })

  it('is surfaced by the OpenAI SDK with the upstream message and status', async () => {
    const mapped = translate(529, fixtureJson(import.meta.url, 'error-overloaded.json'))
    const error = await openaiSdkError(529, mapped)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(529)
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toBe('529 Overloaded')
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('overloaded_error')
  })
})
