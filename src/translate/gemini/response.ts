import type { OpenAIChatCompletion, OpenAIToolCall } from '../types.js'
import { warn, type HubContext, type ResolvedOptions } from '../identity/hub-context.js'
import { invalidUpstream } from '../identity/hub-errors.js'
import { argumentsText, isRecord, numberField, stringField } from '../identity/hub-json.js'
import { MISSING_USAGE_WARNING, makeUsage } from '../identity/hub-usage.js'
import { finishReason, geminiUsage, promptBlockReason, readParts } from './candidate.js'

type Choice = OpenAIChatCompletion['choices'][number]

function createdAt(body: Record<string, unknown>, options: ResolvedOptions): number {
  const createTime = stringField(body, 'createTime')
  const parsed = createTime === undefined ? Number.NaN : Date.parse(createTime)
  return Number.isNaN(parsed) ? options.nowSeconds() : Math.floor(parsed / 1000)
}

function toChoice(
  candidate: unknown,
  position: number,
  nextCallId: () => string,
  context: HubContext,
): Choice {
  if (!isRecord(candidate)) throw invalidUpstream('Gemini candidate is not an object')
  const { runs, skipped } = readParts(candidate)
  if (skipped.length > 0)
    warn(context, `Gemini returned ${skipped.join(', ')} parts the chat schema cannot carry; dropped`)
  const text = runs.flatMap((run) => (run.kind === 'text' ? [run.text] : [])).join('')
  const toolCalls: OpenAIToolCall[] = runs.flatMap((run) =>
    run.kind === 'calls'
      ? run.calls.map((call) => ({
          id: call.id ?? nextCallId(),
          type: 'function' as const,
          function: { name: call.name, arguments: argumentsText(call.args) },
        }))
      : [],
  )
  const message: Choice['message'] = { role: 'assistant', content: text === '' ? null : text }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return {
    index: numberField(candidate, 'index') ?? position,
    message,
    finish_reason: finishReason(stringField(candidate, 'finishReason'), toolCalls.length > 0),
    logprobs: null,
  }
}

/** Gemini `GenerateContentResponse` → OpenAI chat completion. */
export function geminiResponse(
  body: unknown,
  context: HubContext,
  options: ResolvedOptions,
): OpenAIChatCompletion {
  if (!isRecord(body)) throw invalidUpstream('Gemini response is not a JSON object')
  const candidates = body.candidates ?? []
  if (!Array.isArray(candidates)) throw invalidUpstream('Gemini response "candidates" is not an array')
  let calls = 0
  const nextCallId = (): string => `call_${calls++}`
  const choices = candidates.map((candidate, position) => toChoice(candidate, position, nextCallId, context))
  const blocked = promptBlockReason(body)
  if (choices.length === 0 && blocked !== undefined) {
    warn(context, `Gemini blocked the prompt: ${blocked}`)
    choices.push({
      index: 0,
      message: { role: 'assistant', content: null },
      finish_reason: 'content_filter',
      logprobs: null,
    })
  }
  choices.sort((a, b) => a.index - b.index)
  let usage = geminiUsage(body.usageMetadata)
  if (usage === undefined) {
    warn(context, MISSING_USAGE_WARNING)
    usage = makeUsage(0, 0)
  }
  return {
    id: stringField(body, 'responseId') ?? options.newId(),
    object: 'chat.completion',
    created: createdAt(body, options),
    model: stringField(body, 'modelVersion') ?? context.model,
    choices,
    usage,
  }
}
