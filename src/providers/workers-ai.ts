import { GatewayError } from '../core/errors.js'
import { bearer, defineProvider } from './define.js'
import { decodeSegment, underPrefix } from './path.js'

const ACCOUNT_ID = /^[A-Za-z0-9_-]+$/

function accountId(configured: string | undefined): string {
  if (configured === undefined || configured === '') {
    throw new GatewayError(
      'invalid_request',
      'Workers AI needs the Cloudflare account id it runs under: set providers.workers-ai.account_id in the config',
    )
  }
  if (!ACCOUNT_ID.test(configured)) {
    throw new GatewayError(
      'invalid_request',
      'providers.workers-ai.account_id must be a Cloudflare account id',
    )
  }
  return configured
}

/**
 * Row 24: `…/workers-ai/{model_id}` (ids like `@cf/meta/llama-3.1-8b-instruct` contain `/`) →
 * `https://api.cloudflare.com/client/v4/accounts/{account}/ai/run/{model_id}`, and the OpenAI-compatible
 * `…/workers-ai/v1/chat/completions` and `/v1/embeddings` → `…/accounts/{account}/ai/v1/…`. The account id
 * is part of the path, so an upstream override (which replaces `https://api.cloudflare.com/client/v4`)
 * still receives it.
 */
export const workersAi = defineProvider({
  slug: 'workers-ai',
  name: 'Workers AI',
  base: 'https://api.cloudflare.com/client/v4',
  auth: bearer(),
  schema: 'workers-ai',
  compat: { prefix: 'workers-ai', schema: 'workers-ai', path: '/v1/chat/completions' },
  target: ({ rest, settings }) => {
    const account = accountId(settings.workersAiAccountId)
    const openaiCompatible = underPrefix(rest, '/v1')
    if (openaiCompatible !== undefined) return { path: `/accounts/${account}/ai/v1${openaiCompatible}` }
    if (rest === '' || rest === '/') {
      throw new GatewayError(
        'invalid_request',
        'Workers AI model id is missing: use /workers-ai/{model_id}, e.g. /workers-ai/@cf/meta/llama-3.1-8b-instruct',
      )
    }
    return { path: `/accounts/${account}/ai/run${rest}` }
  },
  modelFromPath: (rest) => {
    if (rest === '' || rest === '/' || underPrefix(rest, '/v1') !== undefined) return undefined
    return decodeSegment(rest.slice(1))
  },
})
