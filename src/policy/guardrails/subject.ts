import { CUSTOM_PREFIX, providerBySlug } from '../../providers/index.js'
import { extractRequestText, extractUniversalText, type Segment, type TextSchema } from '../text/index.js'
import { modelTypeOf, type ModelType } from './model-type.js'

/** The entry a request came through, as far as guardrails care (the pipeline's `Entry`, without descriptors). */
export type GuardedEntry =
  | { kind: 'provider'; schema: TextSchema; path: string }
  | { kind: 'compat'; endpoint: string }
  | { kind: 'universal' }

/** What guardrails know about a request before it is sent. */
export interface GuardedRequest {
  /** The prompt's text pieces (system, messages, tool calls and results). */
  segments: Segment[]
  modelType: ModelType
  /** The answer's schema as the client receives it; undefined when only routing decides it (Universal). */
  responseSchema: TextSchema | undefined
}

function compatSchema(endpoint: string): TextSchema | undefined {
  const bare = endpoint.replace(/^v1\//, '')
  if (bare === 'chat/completions') return 'openai-chat'
  if (bare === 'messages') return 'anthropic-messages'
  return undefined
}

/** A Universal step's provider slug → the schema its `query` is written in (F035). */
export function schemaOfSlug(slug: string): TextSchema {
  const key = slug.toLowerCase()
  if (key === 'compat' || key.startsWith(CUSTOM_PREFIX)) return 'openai-chat'
  return providerBySlug(key)?.schema ?? 'opaque'
}

interface StepShape {
  provider: string
  endpoint: string
  query: unknown
}

function stepAt(json: unknown, index: number): StepShape {
  const raw = (Array.isArray(json) ? json[index] : json) as Record<string, unknown> | undefined
  return {
    provider: typeof raw?.provider === 'string' ? raw.provider : '',
    endpoint: typeof raw?.endpoint === 'string' ? `/${raw.endpoint.replace(/^\/+/, '')}` : '',
    query: raw?.query,
  }
}

/** A Universal request's answer comes from whichever step answered (F037): its schema and model type. */
export function answeringStep(json: unknown, index: number): { schema: TextSchema; modelType: ModelType } {
  const step = stepAt(json, index)
  return { schema: schemaOfSlug(step.provider), modelType: modelTypeOf(step.endpoint, step.query) }
}

/**
 * The request as guardrails see it on every entry whose schema is known (F002, F024, F204, F205): the
 * provider's own schema on provider-native paths, OpenAI or Anthropic on /compat, each step's on Universal.
 * Undefined for endpoints that carry no prompt (e.g. `/compat/models`).
 */
export function describeRequest(entry: GuardedEntry, json: unknown): GuardedRequest | undefined {
  if (entry.kind === 'compat') {
    const schema = compatSchema(entry.endpoint)
    if (!schema) return undefined
    return {
      segments: extractRequestText(schema, json),
      modelType: 'text-generation',
      responseSchema: schema,
    }
  }
  if (entry.kind === 'universal') {
    return {
      segments: extractUniversalText(json, schemaOfSlug),
      modelType: answeringStep(json, 0).modelType,
      responseSchema: undefined,
    }
  }
  return {
    segments: extractRequestText(entry.schema, json),
    modelType: modelTypeOf(entry.path, json),
    responseSchema: entry.schema,
  }
}
