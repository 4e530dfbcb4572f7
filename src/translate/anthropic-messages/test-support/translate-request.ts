import { GatewayError } from '../../../core/errors.js'
import type { OpenAIChatRequest, TranslateContext } from '../../types.js'
import { anthropicMessagesTranslator } from '../index.js'

export const context: TranslateContext = { model: 'claude-sonnet-4-5', stream: false }

export const translate = (body: OpenAIChatRequest, ctx: TranslateContext = context) =>
  anthropicMessagesTranslator.request(body, ctx)

/** The GatewayError a request is rejected with; fails the test when it is accepted. */
export function rejection(body: OpenAIChatRequest): GatewayError {
  try {
    translate(body)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error('expected the request to be rejected')
}

export const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}
