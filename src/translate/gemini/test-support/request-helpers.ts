import { expect } from 'vitest'
import { GatewayError } from '../../../core/errors.js'
import { fixedOptions, thrown } from '../../identity/test-support/fixtures.js'
import type { OpenAIChatRequest } from '../../types.js'
import { aiStudioPath, geminiTranslator } from '../index.js'
import { validateGeminiRequest } from './validate-gemini-request.js'

export const translator = geminiTranslator({ ...fixedOptions, pathFor: aiStudioPath })
export const flash = { model: 'gemini-2.5-flash', stream: false }

/** Translates and checks the result against the Gemini request validator. */
export function translate(body: Partial<OpenAIChatRequest>, context = flash) {
  const request = translator.request(
    { model: `google-ai-studio/${context.model}`, messages: [], ...body },
    context,
  )
  expect(validateGeminiRequest(request.body)).toEqual([])
  return request
}

/** The message of the invalid_request GatewayError the call throws. */
export function invalid(fn: () => unknown): string {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(GatewayError)
  expect((error as GatewayError).kind).toBe('invalid_request')
  return (error as GatewayError).message
}

export const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: ['string', 'null'], enum: ['celsius', 'fahrenheit', null] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
}
