import type { ServiceAccountKey } from '../providers/auth/vertex-service-account.js'

/**
 * Vertex AI's generateContent path for `google-vertex-ai/{publisher}/{model}` (F013 example
 * `google-vertex-ai/google/gemini-2.5-pro`); a bare model id is taken as a Google model.
 */
export function vertexChatPath(account: ServiceAccountKey, model: string, stream: boolean): string {
  const slash = model.indexOf('/')
  const publisher = slash === -1 ? 'google' : model.slice(0, slash)
  const id = slash === -1 ? model : model.slice(slash + 1)
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent'
  return `/v1/projects/${account.project_id}/locations/${account.region}/publishers/${publisher}/models/${id}:${method}`
}
