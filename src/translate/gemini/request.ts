import type { OpenAIChatRequest, TranslatedRequest } from '../types.js'
import { messagesOf } from '../identity/hub-content.js'
import type { HubContext } from '../identity/hub-context.js'
import { invalidRequest } from '../identity/hub-errors.js'
import {
  ignoredFields,
  optionalInteger,
  optionalNumber,
  outputTokenLimit,
  stopSequences,
  COMMON_HUB_FIELDS,
} from '../identity/hub-fields.js'
import { isRecord } from '../identity/hub-json.js'
import { requireModel } from '../identity/request.js'
import { toGeminiContents } from './contents.js'
import type { GeminiPathFor } from './paths.js'
import { toGeminiSchema } from './schema.js'
import { toGeminiTools } from './tools.js'
import type { GeminiGenerationConfig, GeminiRequestBody } from './wire.js'

const HANDLED = new Set<string>(COMMON_HUB_FIELDS)

/** Gemini 3 and later validate thought signatures on replayed function calls. */
function validatesSignatures(model: string): boolean {
  const major = /gemini-(\d+)/.exec(model)?.[1]
  return major !== undefined && Number(major) >= 3
}

function responseFormat(body: OpenAIChatRequest, config: GeminiGenerationConfig, warnings: string[]): void {
  const format: unknown = body.response_format
  if (format === undefined || format === null) return
  if (!isRecord(format)) throw invalidRequest('response_format', 'must be an object')
  if (format.type === 'text') return
  if (format.type === 'json_object') {
    config.responseMimeType = 'application/json'
    return
  }
  if (format.type !== 'json_schema')
    throw invalidRequest('response_format.type', 'must be text, json_object or json_schema')
  const spec = format.json_schema
  if (!isRecord(spec)) throw invalidRequest('response_format.json_schema', 'must be an object')
  config.responseMimeType = 'application/json'
  if (spec.schema === undefined) return
  if (!isRecord(spec.schema))
    throw invalidRequest('response_format.json_schema.schema', 'must be a JSON schema object')
  const converted = toGeminiSchema(spec.schema, 'response_format.json_schema.schema')
  warnings.push(...converted.warnings)
  config.responseSchema = converted.schema
}

function generationConfig(body: OpenAIChatRequest, warnings: string[]): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {}
  const set = <K extends keyof GeminiGenerationConfig>(
    key: K,
    value: GeminiGenerationConfig[K] | undefined,
  ): void => {
    if (value !== undefined) config[key] = value
  }
  set('maxOutputTokens', outputTokenLimit(body))
  set('temperature', optionalNumber(body, 'temperature'))
  set('topP', optionalNumber(body, 'top_p'))
  set('stopSequences', stopSequences(body))
  set('seed', optionalInteger(body, 'seed'))
  set('presencePenalty', optionalNumber(body, 'presence_penalty'))
  set('frequencyPenalty', optionalNumber(body, 'frequency_penalty'))
  const n = optionalInteger(body, 'n')
  if (n !== undefined && n < 1) throw invalidRequest('n', 'must be at least 1')
  if (n !== undefined && n > 1) config.candidateCount = n
  responseFormat(body, config, warnings)
  return config
}

/** OpenAI chat request → Gemini `generateContent` (F019); the model and the streaming method go in the path. */
export function geminiRequest(
  body: OpenAIChatRequest,
  context: HubContext,
  pathFor: GeminiPathFor,
): TranslatedRequest {
  const model = requireModel(context)
  const path = pathFor(model, context.stream)
  const warnings: string[] = []
  const {
    contents,
    systemInstruction,
    warnings: messageWarnings,
  } = toGeminiContents(messagesOf(body), validatesSignatures(model))
  warnings.push(...messageWarnings)
  const out: GeminiRequestBody = { contents }
  if (systemInstruction !== undefined) out.systemInstruction = systemInstruction
  Object.assign(out, toGeminiTools(body, warnings))
  const config = generationConfig(body, warnings)
  if (Object.keys(config).length > 0) out.generationConfig = config
  warnings.push(...ignoredFields(body, HANDLED, 'Gemini'))
  return { path, body: out, warnings }
}
