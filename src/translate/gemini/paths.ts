import { invalidRequest } from '../identity/hub-errors.js'

/** Upstream path of a Gemini call, under the provider base; the model lives in the path, not the body. */
export type GeminiPathFor = (model: string, stream: boolean) => string

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

function method(stream: boolean): string {
  return stream ? ':streamGenerateContent?alt=sse' : ':generateContent'
}

function checkedModel(model: string, shown: string): string {
  if (!MODEL_ID.test(model)) throw invalidRequest('model', `"${shown}" is not a Gemini model id`)
  return model
}

/**
 * Google AI Studio (`https://generativelanguage.googleapis.com`): `/v1beta/models/{model}:generateContent`. Accepts
 * `gemini-2.5-flash`, `models/gemini-2.5-flash` and tuned models as `tunedModels/{id}`.
 */
export function aiStudioPath(model: string, stream: boolean): string {
  if (model.startsWith('tunedModels/')) {
    return `/v1beta/tunedModels/${checkedModel(model.slice('tunedModels/'.length), model)}${method(stream)}`
  }
  const id = model.startsWith('models/') ? model.slice('models/'.length) : model
  return `/v1beta/models/${checkedModel(id, model)}${method(stream)}`
}

export interface VertexLocation {
  project: string
  region: string
}

/**
 * Vertex AI (`https://{region}-aiplatform.googleapis.com`): the compat model is `{publisher}/{model}` (F013, e.g.
 * `google/gemini-2.5-pro`); only Google's own models speak generateContent, other publishers have their own schema.
 */
export function vertexPath(location: VertexLocation): GeminiPathFor {
  const project = encodeURIComponent(location.project)
  const region = encodeURIComponent(location.region)
  return (model, stream) => {
    const slash = model.indexOf('/')
    const publisher = slash === -1 ? 'google' : model.slice(0, slash)
    const id = slash === -1 ? model : model.slice(slash + 1)
    if (publisher !== 'google') {
      throw invalidRequest('model', `publisher "${publisher}" does not use the Gemini API on Vertex AI`)
    }
    return `/v1/projects/${project}/locations/${region}/publishers/google/models/${checkedModel(id, model)}${method(stream)}`
  }
}
