import { GatewayError } from '../core/errors.js'
import { bearer, defineProvider } from './define.js'
import { afterSegments, segments } from './path.js'

/** Baseten model ids are short alphanumeric strings; they become part of a host name. */
const MODEL_ID = /^[A-Za-z0-9]{1,63}$/
/** What Baseten calls for a bare `model-{id}` endpoint: the production deployment's predict route. */
export const BASETEN_DEFAULT_MODEL_PATH = '/production/predict'

/**
 * Row 4 has two families:
 * - OpenAI-compatible `…/baseten/v1/chat/completions` → `https://inference.baseten.co/v1/chat/completions`;
 * - model endpoints `…/baseten/model/{model_id}[/{path}]` → `https://model-{model_id}.api.baseten.co{path}`,
 *   where a bare `…/model/{model_id}` (the documented call) means `/production/predict`. Any other
 *   path, e.g. `/environments/staging/predict` or `/development/predict`, is passed through as is.
 * The model host is a whole URL (`absolute`), so an upstream override swaps its origin like any other.
 */
export const baseten = defineProvider({
  slug: 'baseten',
  name: 'Baseten',
  base: 'https://inference.baseten.co',
  auth: bearer(),
  schema: 'openai-chat',
  compat: { prefix: 'baseten', schema: 'openai-chat', path: '/v1/chat/completions' },
  target: ({ rest }) => {
    const parts = segments(rest)
    if (parts[0] !== 'model') return { path: rest }
    const modelId = parts[1] ?? ''
    if (!MODEL_ID.test(modelId)) {
      throw new GatewayError(
        'invalid_request',
        'Baseten model id is missing or invalid: use /baseten/model/{model_id}',
      )
    }
    const after = afterSegments(rest, 2)
    const path = after === '' || after === '/' ? BASETEN_DEFAULT_MODEL_PATH : after
    return { path: '', absolute: `https://model-${modelId}.api.baseten.co${path}` }
  },
})
