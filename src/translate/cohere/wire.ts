/** The subset of Cohere's v2 Chat API (`POST /v2/chat`, https://docs.cohere.com/reference/chat) written here. */

export type CohereUserContent = Array<
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
>

export interface CohereToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | CohereUserContent }
  | { role: 'assistant'; content?: string; tool_calls?: CohereToolCall[]; tool_plan?: string }
  | { role: 'tool'; tool_call_id: string; content: string }

export interface CohereTool {
  type: 'function'
  function: { name: string; description?: string; parameters?: Record<string, unknown> }
}

export interface CohereRequestBody {
  model: string
  messages: CohereMessage[]
  stream?: boolean
  tools?: CohereTool[]
  tool_choice?: 'REQUIRED' | 'NONE'
  strict_tools?: boolean
  response_format?: { type: 'text' } | { type: 'json_object'; json_schema?: Record<string, unknown> }
  max_tokens?: number
  temperature?: number
  p?: number
  stop_sequences?: string[]
  seed?: number
  frequency_penalty?: number
  presence_penalty?: number
}
