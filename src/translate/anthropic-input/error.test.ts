import Anthropic from '@anthropic-ai/sdk'
import { describe, expect, it } from 'vitest'
import { GatewayError, openaiErrorBody } from '../../core/errors.js'
import { anthropicMessagesTranslator } from '../anthropic-messages/index.js'
import { fixtureJson } from '../anthropic-messages/test-support/fixtures.js'
import { anthropicSdkError } from '../anthropic-messages/test-support/sdk-harness.js'
import { anthropicInputTranslator, gatewayErrorToAnthropic } from './index.js'

const toAnthropic = (status: number, body: unknown) => anthropicInputTranslator.error(status, body)

describe('hub errors → Anthropic error shape', () => {
  it('maps an OpenAI rate-limit error, which the Anthropic SDK raises as RateLimitError', async () => {
    const body = toAnthropic(429, fixtureJson(import.meta.url, 'hub-error-rate-limit.json'))
    expect(body).toEqual({
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message:
          'Rate limit reached for gpt-4o in organization org-9fXcQmLw2Vb8Kp1Rz4Ty6Ns3 on tokens per min (TPM): Limit 30000, Used 29844, Requested 1290. Please try again in 2.268s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      },
    })
    expect(await anthropicSdkError(429, body)).toBeInstanceOf(Anthropic.RateLimitError)
  })

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'overloaded_error'],
    [504, 'timeout_error'],
  ])('maps HTTP %d to %s', (status, type) => {
    expect(
      toAnthropic(status, { error: { message: 'm', type: 'whatever', param: null, code: null } }).error.type,
    ).toBe(type)
  })

  it('restores the original Anthropic type when the hub error came from Anthropic', () => {
    const hub = anthropicMessagesTranslator.error(
      529,
      fixtureJson(import.meta.url, '../../anthropic-messages/__fixtures__/error-overloaded.json'),
    )
    expect(toAnthropic(529, hub)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    })
  })

  it('reads aigw gateway errors in the OpenAI and Cloudflare shapes and plain-text bodies', () => {
    const error = new GatewayError('invalid_request', 'messages[0].role: bad')
    expect(toAnthropic(400, JSON.parse(openaiErrorBody(error)))).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Invalid request: messages[0].role: bad' },
    })
    const cloudflare = {
      success: false,
      result: [],
      messages: [],
      error: [{ code: 2012, message: 'Rate limit exceeded' }],
    }
    expect(toAnthropic(429, cloudflare)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limit exceeded' },
    })
    expect(toAnthropic(502, 'Bad Gateway')).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'Bad Gateway' },
    })
  })

  it('answers aigw errors on the Anthropic endpoint with the error table status', async () => {
    const { status, body } = gatewayErrorToAnthropic(new GatewayError('unauthorized'))
    expect(status).toBe(401)
    expect(body).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Unauthorized' } })
    expect(await anthropicSdkError(status, body)).toBeInstanceOf(Anthropic.AuthenticationError)
  })
})
