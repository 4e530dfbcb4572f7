import { validationError } from './admin-errors.js'
import { preview } from './validation.js'
import { ok } from './envelope.js'
import { existing } from './gateways.js'
import type { Route, RouteContext } from './router.js'
import type { AdminRequest } from './types.js'

/**
 * F301: `GET …/gateways/{gateway_id}/url/{provider}` → the data-plane base URL for that provider, as the
 * binding's `getUrl()` gives it. aigw serves the data plane on the same origin as this API, so the origin
 * is the one the client used (honouring `X-Forwarded-Proto/Host` from a reverse proxy).
 */
export const gatewayUrlRoutes: Route[] = [
  {
    pattern: '/accounts/:account_id/ai-gateway/gateways/:gateway_id/url/:provider',
    methods: { GET: { access: 'read', handle: gatewayUrl } },
  },
]

const PROVIDER_SLUG = /^[a-z0-9][a-z0-9-]*$/

async function gatewayUrl({ request, deps, accountId, params }: RouteContext) {
  const gatewayId = params.gateway_id!
  const provider = params.provider!
  // F089: `default` is created by its first authenticated request, so its URL is valid before it exists.
  if (gatewayId !== 'default') await existing(deps, accountId, gatewayId)
  if (!PROVIDER_SLUG.test(provider)) {
    throw validationError([
      {
        message: `provider must be a provider slug such as "openai" or "custom-my-llm", got ${preview(provider)}`,
        path: ['path', 'provider'],
      },
    ])
  }
  const path = [accountId, gatewayId, provider].map(encodeURIComponent).join('/')
  return ok(`${origin(request)}/v1/${path}`)
}

function origin(request: AdminRequest): string {
  const proto = first(request.headers['x-forwarded-proto']) ?? 'http'
  const host = first(request.headers['x-forwarded-host']) ?? first(request.headers.host)
  if (!host) {
    throw validationError([
      { message: 'a Host header is needed to build the gateway URL', path: ['headers', 'host'] },
    ])
  }
  return `${proto === 'https' ? 'https' : 'http'}://${host}`
}

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  const head = raw?.split(',', 1)[0]?.trim()
  return head ? head : undefined
}
