/**
 * F205: text generation has its prompt and its response checked; embeddings and anything unrecognised only
 * their prompt (the response of an unknown endpoint bypasses guardrails).
 */
export type ModelType = 'text-generation' | 'embeddings' | 'unknown'

const EMBEDDINGS = [/\/embeddings$/, /:embedContent$/, /:batchEmbedContents$/, /^\/?v\d+\/embed$/]
const TEXT_GENERATION = [
  /\/chat\/completions$/,
  /(^|\/)completions$/,
  /(^|\/)messages$/,
  /(^|\/)responses$/,
  /:(?:stream)?generateContent$/i,
  /^\/?v\d+\/chat$/, // Cohere
  /\/converse(?:-stream)?$/, // Bedrock
]

/** `path` is the endpoint after the provider slug, without its query (`/v1/chat/completions`, `/@cf/…`). */
export function modelTypeOf(path: string, body: unknown): ModelType {
  const bare = path.split('?', 1)[0]!.replace(/\/+$/, '')
  if (EMBEDDINGS.some((pattern) => pattern.test(bare))) return 'embeddings'
  if (TEXT_GENERATION.some((pattern) => pattern.test(bare))) return 'text-generation'
  // Model-in-path APIs (Workers AI `/run/@cf/…`, Replicate, Hugging Face) say what they do in the body.
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>
    if (Array.isArray(fields.messages) || typeof fields.prompt === 'string') return 'text-generation'
  }
  return 'unknown'
}

export function checksResponse(type: ModelType): boolean {
  return type === 'text-generation'
}
