/** Anthropic `stop_reason` ↔ OpenAI `finish_reason`, for both translation directions. */
import type { OpenAIFinishReason } from '../types.js'
import type { AnthropicStopReason } from './wire-types.js'

export function finishReasonFromAnthropic(reason: unknown): OpenAIFinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'refusal':
      return 'content_filter'
    default:
      // end_turn, stop_sequence, and pause_turn (only server tools pause; aigw never sends them).
      return 'stop'
  }
}

export function stopReasonFromOpenAI(reason: unknown): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens'
    case 'tool_calls':
    case 'function_call':
      return 'tool_use'
    case 'content_filter':
      return 'refusal'
    default:
      return 'end_turn'
  }
}
