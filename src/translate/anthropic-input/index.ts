/**
 * The Anthropic Messages API as an input format (`POST …/compat/v1/messages`): Anthropic request → hub (OpenAI
 * chat) request → any provider's translator; hub response, chunks and errors → Anthropic shapes.
 */
import type { AnthropicErrorBody, AnthropicMessage } from '../anthropic-messages/wire-types.js'
import type { OpenAIChatCompletion } from '../types.js'
import { hubErrorToAnthropic } from './error.js'
import { hubToAnthropic } from './from-hub.js'
import { createHubToAnthropicStream, type HubToAnthropicStream } from './stream.js'
import { anthropicToHub, type HubRequest } from './to-hub.js'

export interface AnthropicInputTranslator {
  /** Throws GatewayError('invalid_request', '<field>: …') for what cannot be carried to other providers. */
  request(body: unknown): HubRequest
  response(completion: OpenAIChatCompletion): AnthropicMessage
  /** Fed hub SSE events (`data: {chunk}`, `data: [DONE]`, `data: {"error":…}`) or parsed chunks; emits Anthropic events. */
  stream(): HubToAnthropicStream
  error(status: number, body: unknown): AnthropicErrorBody
}

export const anthropicInputTranslator: AnthropicInputTranslator = {
  request: anthropicToHub,
  response: hubToAnthropic,
  stream: createHubToAnthropicStream,
  error: hubErrorToAnthropic,
}

export { gatewayErrorToAnthropic } from './error.js'
export type { HubRequest } from './to-hub.js'
export type { HubToAnthropicStream } from './stream.js'
