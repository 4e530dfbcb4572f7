import type { OpenAIChatCompletion, OpenAIUsage } from '../types.js'
import { warn, type HubContext, type ResolvedOptions } from './hub-context.js'
import { invalidUpstream } from './hub-errors.js'
import { isRecord, numberField, stringField } from './hub-json.js'
import { MISSING_USAGE_WARNING, makeUsage } from './hub-usage.js'

/** OpenAI usage with every count present; absent counts are derived or zero. */
export function normalizeUsage(value: unknown, context: HubContext): OpenAIUsage {
  if (!isRecord(value)) {
    warn(context, MISSING_USAGE_WARNING)
    return makeUsage(0, 0)
  }
  const prompt = numberField(value, 'prompt_tokens') ?? 0
  const completion = numberField(value, 'completion_tokens') ?? 0
  return {
    ...value,
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: numberField(value, 'total_tokens') ?? prompt + completion,
  }
}

/**
 * An OpenAI-shaped completion from an OpenAI-compatible upstream, with what some of them omit filled in. The
 * upstream `model` is kept: it names the exact model version that answered (F023 only asks that the gateway's
 * `{provider}/` prefix is gone, which it never was upstream).
 */
export function normalizeCompletion(
  body: unknown,
  context: HubContext,
  options: ResolvedOptions,
  provider: string,
): OpenAIChatCompletion {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw invalidUpstream(`${provider} chat completion has no "choices" array`)
  }
  const model = stringField(body, 'model')
  const id = stringField(body, 'id')
  return {
    ...body,
    id: id !== undefined && id !== '' ? id : options.newId(),
    object: 'chat.completion',
    created: numberField(body, 'created') ?? options.nowSeconds(),
    model: model !== undefined && model !== '' ? model : context.model,
    choices: body.choices as OpenAIChatCompletion['choices'],
    usage: normalizeUsage(body.usage, context),
  }
}
