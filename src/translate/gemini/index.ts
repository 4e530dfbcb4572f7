import type { ChatTranslator, OpenAIChatRequest } from '../types.js'
import { resolveOptions, type HubContext, type TranslatorOptions } from '../identity/hub-context.js'
import { geminiError } from './error.js'
import type { GeminiPathFor } from './paths.js'
import { geminiRequest } from './request.js'
import { geminiResponse } from './response.js'
import { geminiStream } from './stream.js'

export { aiStudioPath, vertexPath, type GeminiPathFor, type VertexLocation } from './paths.js'

export interface GeminiTranslatorOptions extends TranslatorOptions {
  /** Where the model and method go: `aiStudioPath` or `vertexPath({project, region})`. */
  pathFor: GeminiPathFor
}

/**
 * `gemini` family: OpenAI chat ↔ `generateContent` / `streamGenerateContent?alt=sse`, one body for Google AI Studio
 * and Vertex AI (F019); only the path differs, so the caller picks `pathFor`.
 */
export function geminiTranslator(options: GeminiTranslatorOptions): ChatTranslator {
  const resolved = resolveOptions(options)
  return {
    request: (body: OpenAIChatRequest, context: HubContext) => geminiRequest(body, context, options.pathFor),
    response: (body: unknown, context: HubContext) => geminiResponse(body, context, resolved),
    stream: (context: HubContext) => geminiStream(context, resolved),
    error: (status: number, body: unknown) => geminiError(status, body),
  }
}
