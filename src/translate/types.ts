/**
 * The hub schema is OpenAI Chat Completions (F012, F019): every translator is a single hop between it and one
 * schema family. Types cover what translators read and write; unknown fields are carried as `unknown`.
 */
import type { SseEvent } from '../stream/sse.js'

export type OpenAIRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function'

export interface OpenAITextPart {
  type: 'text'
  text: string
}
export interface OpenAIImagePart {
  type: 'image_url'
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' }
}
export type OpenAIContentPart = OpenAITextPart | OpenAIImagePart | { type: string; [key: string]: unknown }

export interface OpenAIToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface OpenAIMessage {
  role: OpenAIRole
  content?: string | OpenAIContentPart[] | null
  name?: string
  tool_calls?: OpenAIToolCall[]
  tool_call_id?: string
}

export interface OpenAITool {
  type: 'function'
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean }
}

export type OpenAIToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } }

export interface OpenAIChatRequest {
  model: string
  messages: OpenAIMessage[]
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  max_tokens?: number
  max_completion_tokens?: number
  temperature?: number
  top_p?: number
  stop?: string | string[]
  seed?: number
  n?: number
  tools?: OpenAITool[]
  tool_choice?: OpenAIToolChoice
  parallel_tool_calls?: boolean
  response_format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | {
        type: 'json_schema'
        json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean }
      }
  frequency_penalty?: number
  presence_penalty?: number
  user?: string
  [key: string]: unknown
}

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call'

export interface OpenAIUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details?: { cached_tokens?: number }
}

export interface OpenAIChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: Array<{
    index: number
    message: { role: 'assistant'; content: string | null; tool_calls?: OpenAIToolCall[]; refusal?: null }
    finish_reason: OpenAIFinishReason | null
    logprobs: null
  }>
  usage: OpenAIUsage
  system_fingerprint?: string | null
}

export interface OpenAIChunkToolCallDelta {
  index: number
  id?: string
  type?: 'function'
  function?: { name?: string; arguments?: string }
}

export interface OpenAIChatChunk {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  choices: Array<{
    index: number
    delta: { role?: 'assistant'; content?: string | null; tool_calls?: OpenAIChunkToolCallDelta[] }
    finish_reason: OpenAIFinishReason | null
    logprobs?: null
  }>
  usage?: OpenAIUsage | null
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** A request ready for the upstream: path under the provider base, JSON body, and what could not be expressed. */
export interface TranslatedRequest {
  path: string
  body: unknown
  /** Extra headers the target API needs (e.g. `anthropic-version`). */
  headers?: Record<string, string>
  warnings: string[]
}

/** Incremental stream translation: fed one upstream SSE event at a time, emits hub chunks as they become known. */
export interface StreamTranslator<Out = OpenAIChatChunk> {
  push(event: SseEvent): Out[]
  /** Upstream ended; returns any final chunks (e.g. usage). */
  end(): Out[]
}

export interface TranslateContext {
  /** Provider model id, without the `{provider}/` prefix (F023). */
  model: string
  /** Whether the upstream call streams. */
  stream: boolean
  /** Emit the final usage-only chunk (the caller records usage and decides what the client sees). */
  includeUsage?: boolean
  /** Sink for what a response or stream translation could not carry. */
  warnings?: string[]
}

/** openai-chat ↔ one schema family. Throws GatewayError('invalid_request', '<field>: …') for what the target cannot express. */
export interface ChatTranslator {
  request(body: OpenAIChatRequest, context: TranslateContext): TranslatedRequest
  response(body: unknown, context: TranslateContext): OpenAIChatCompletion
  stream(context: TranslateContext): StreamTranslator
  /** Provider error body → OpenAI error shape (status is kept by the caller). */
  error(status: number, body: unknown): OpenAIErrorBody
}
