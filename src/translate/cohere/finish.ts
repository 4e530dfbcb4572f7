import type { OpenAIFinishReason, OpenAIToolCall, OpenAIUsage } from '../types.js'
import { argumentsText, isRecord, numberField, recordField } from '../identity/hub-json.js'
import { makeUsage } from '../identity/hub-usage.js'

/** Cohere v2 `finish_reason` → OpenAI. */
export function cohereFinishReason(reason: unknown, sawToolCall: boolean): OpenAIFinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
    case 'ERROR_LIMIT':
      return 'length'
    case 'TOOL_CALL':
      return 'tool_calls'
    case 'ERROR_TOXIC':
      return 'content_filter'
    default:
      return sawToolCall ? 'tool_calls' : 'stop'
  }
}

/** Reasons that mean the generation failed rather than ended; they still map to an OpenAI reason, with a warning. */
export function isFailure(reason: unknown): boolean {
  return reason === 'ERROR' || reason === 'TIMEOUT'
}

/**
 * `billed_units` are what Cohere charges for (its own prompt template is not billed), so they are the usage; the
 * raw `tokens` counts stand in only when billed units are absent (e.g. private deployments).
 */
export function cohereUsage(usage: unknown): OpenAIUsage | undefined {
  if (!isRecord(usage)) return undefined
  const billed = recordField(usage, 'billed_units') ?? {}
  const tokens = recordField(usage, 'tokens') ?? {}
  const input = numberField(billed, 'input_tokens') ?? numberField(tokens, 'input_tokens')
  const output = numberField(billed, 'output_tokens') ?? numberField(tokens, 'output_tokens')
  if (input === undefined && output === undefined) return undefined
  return makeUsage(input ?? 0, output ?? 0)
}

export function cohereToolCall(call: unknown): OpenAIToolCall | undefined {
  if (!isRecord(call) || typeof call.id !== 'string') return undefined
  const fn = recordField(call, 'function')
  if (fn === undefined || typeof fn.name !== 'string') return undefined
  return {
    id: call.id,
    type: 'function',
    function: { name: fn.name, arguments: argumentsText(fn.arguments) },
  }
}
