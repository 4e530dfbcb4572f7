import { GatewayError } from '../core/errors.js'
import { defineProvider } from './define.js'
import { decodeSegment } from './path.js'

const SHAPE =
  '/google-vertex-ai/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:{action}'
const LOCATION = /^\/v1(?:beta1)?\/projects\/[^/]+\/locations\/([^/]+)(?:\/|$)/
const MODEL_IN_PATH = /\/models\/([^/:]+)/

/**
 * Row 23: the region in the path picks the regional host, and the whole path goes to it unchanged
 * (`https://{region}-aiplatform.googleapis.com/v1/projects/…`). The docs ask for a specific region, not
 * `global`. Authorization is a Google access token, minted from a service account when the client sent
 * one (F020, F033; see auth/vertex-service-account.ts).
 *
 * The compat path is the Gemini `generateContent` call; the /compat layer fills `{project}` (the service
 * account's `project_id`), `{region}`, `{publisher}` and `{model}` from `google-vertex-ai/{publisher}/{model}`.
 */
export const googleVertexAi = defineProvider({
  slug: 'google-vertex-ai',
  name: 'Google Vertex AI',
  base: 'https://{region}-aiplatform.googleapis.com',
  auth: { type: 'vertex' },
  schema: 'gemini',
  compat: {
    prefix: 'google-vertex-ai',
    schema: 'gemini',
    path: '/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:generateContent',
  },
  target: ({ rest }) => {
    const region = LOCATION.exec(rest)?.[1]
    if (!region) throw new GatewayError('invalid_request', `Vertex AI region is missing: use ${SHAPE}`)
    if (region === 'global') {
      throw new GatewayError(
        'invalid_request',
        'Vertex AI needs a specific region (e.g. us-central1), not "global"',
      )
    }
    return { path: rest, vars: { region } }
  },
  modelFromPath: (rest) => {
    const match = MODEL_IN_PATH.exec(rest)
    return match?.[1] ? decodeSegment(match[1]) : undefined
  },
})
