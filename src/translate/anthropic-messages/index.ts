/**
 * The `anthropic-messages` schema family: OpenAI chat (hub) ↔ Anthropic Messages API (F019).
 * Mapping decisions (max_tokens default, response_format as a forced tool, what is rejected or warned) are in
 * README.md beside this file.
 */
import { systemClock, type Clock } from '../../core/clock.js'
import type { ChatTranslator } from '../types.js'
import { fromAnthropicError } from './error.js'
import { toAnthropicRequest } from './request.js'
import { fromAnthropicResponse } from './response.js'
import { createAnthropicStreamTranslator } from './stream.js'

export interface AnthropicMessagesTranslatorOptions {
  /** Source of `created` (Anthropic responses carry no timestamp). */
  clock?: Clock
}

export function createAnthropicMessagesTranslator(
  options: AnthropicMessagesTranslatorOptions = {},
): ChatTranslator {
  const clock = options.clock ?? systemClock
  return {
    request: (body, context) => toAnthropicRequest(body, context),
    response: (body, context) => fromAnthropicResponse(body, context, clock),
    stream: (context) => createAnthropicStreamTranslator(context, clock),
    error: (status, body) => fromAnthropicError(status, body),
  }
}

export const anthropicMessagesTranslator: ChatTranslator = createAnthropicMessagesTranslator()

export { ANTHROPIC_VERSION, defaultMaxTokens, JSON_RESPONSE_TOOL, MESSAGES_PATH } from './conventions.js'
export type * from './wire-types.js'
