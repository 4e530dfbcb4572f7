import { headerValue } from '../core/controls.js'
import { readStepControls } from '../core/step-controls.js'
import { GatewayError } from '../core/errors.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { parseVertexCredential } from '../providers/auth/vertex-service-account.js'
import { resolveUpstream } from '../providers/resolve-upstream.js'
import { forwardRequestHeaders } from '../upstream/forward-headers.js'
import { runAttempt } from './attempt.js'
import type { RequestContext } from './context.js'
import type { Reply } from './exchange.js'

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS'])

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false
  const base = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return base === 'application/json' || base.endsWith('+json')
}

/** Parses a JSON body once, with a 400 that says where it broke. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw new GatewayError('invalid_json', (error as Error).message)
  }
}

/** Provider-native passthrough (F002): the body goes upstream byte for byte; only headers are adjusted. */
export async function callProvider(
  context: RequestContext,
  provider: ProviderDescriptor,
  rest: string,
): Promise<Reply> {
  const { request, services } = context
  const method = request.method.toUpperCase()
  const body =
    BODYLESS.has(method) &&
    request.headers['content-length'] === undefined &&
    request.headers['transfer-encoding'] === undefined
      ? null
      : await request.readBody(services.config.limits.maxRequestBytes)
  context.body = body ?? undefined
  if (body && body.length > 0 && isJsonContentType(headerValue(request.headers, 'content-type'))) {
    context.json = parseJsonBody(body)
    const model = (context.json as { model?: unknown } | null)?.model
    if (typeof model === 'string') context.model = model
  }
  context.model ??= provider.modelFromPath?.(rest)

  const target = resolveUpstream(
    provider,
    { rest, headers: request.headers, settings: { workersAiAccountId: services.config.workersAiAccountId } },
    request.search,
    services.config.upstreams[provider.slug],
  )
  const signed = provider.auth.type === 'signed-passthrough'
  const headers = forwardRequestHeaders(request.headers, context.tokenSlots, body ? body.length : null)
  if (signed && request.headers['accept-encoding'] !== undefined) {
    // F028: a SigV4 signature may cover accept-encoding; forward exactly what was signed.
    headers['accept-encoding'] = request.headers['accept-encoding']
  }
  if (target.host) headers.host = target.host
  for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) headers[name] ??= value
  if (provider.auth.type === 'vertex') await exchangeVertexCredential(context, headers)
  if (context.tokenSlots.length > 0 && !hasProviderKey(headers, provider)) {
    throw new GatewayError(
      'missing_provider_key',
      `the gateway token was sent where the ${provider.name} key goes, and no stored key is configured for '${provider.slug}'`,
    )
  }
  return runAttempt({
    request: context,
    provider,
    step: 0,
    controls: readStepControls(request.headers),
    stream: (context.json as { stream?: unknown } | undefined)?.stream === true || isStreamingPath(rest),
    url: target.url,
    method,
    headers,
    body,
  })
}

/** providers.md row 23 (b): a base64 service-account JSON in Authorization becomes a short-lived access token. */
async function exchangeVertexCredential(
  context: RequestContext,
  headers: Record<string, string | string[]>,
): Promise<void> {
  const account = parseVertexCredential(headerValue(context.request.headers, 'authorization'))
  if (account) headers.authorization = `Bearer ${await context.services.vertex.accessToken(account)}`
}

/** Gemini and Bedrock say "stream" in the path, not the body. */
function isStreamingPath(rest: string): boolean {
  return (
    rest.includes(':streamGenerateContent') ||
    rest.endsWith('/invoke-with-response-stream') ||
    rest.endsWith('/converse-stream')
  )
}

function hasProviderKey(headers: Record<string, string | string[]>, provider: ProviderDescriptor): boolean {
  const auth = provider.auth
  if (auth.type === 'header') return headers[auth.name] !== undefined
  return headers.authorization !== undefined
}
