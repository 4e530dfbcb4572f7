import type { IncomingHttpHeaders } from 'node:http'
import { headerValue } from '../core/controls.js'
import { readStepControls, type StepControls } from '../core/step-controls.js'
import { GatewayError } from '../core/errors.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { parseVertexCredential } from '../providers/auth/vertex-service-account.js'
import { resolveUpstream } from '../providers/resolve-upstream.js'
import { forwardRequestHeaders } from '../upstream/forward-headers.js'
import { runAttempt } from './attempt.js'
import { applyStoredKey } from '../byok/inject.js'
import { clientSentKey, settingsFor, storedKeyFor } from '../byok/request-key.js'
import { recordZdr } from '../billing/zdr.js'
import { keySlots } from '../providers/credentials.js'
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

/**
 * One provider-native upstream call, fully described. Built from the client's own request (F002) or from a
 * route step (a Universal step, F035; a dynamic-route model node), so every entry sends the same way.
 */
export interface ProviderStep {
  provider: ProviderDescriptor
  /** Path after the provider slug: starts with `/` or is empty; never decoded. */
  rest: string
  /** `?…` or empty. */
  search: string
  method: string
  /** Headers meant for the provider; hop-by-hop, `cf-aig-*` and token slots are dropped on the way out. */
  headers: IncomingHttpHeaders
  /** Header names that carried the gateway's own token (F018, F083): never forwarded. */
  tokenSlots: readonly string[]
  body: Buffer | null
  /** Model as known before the response (body `model` or the path), for the log. */
  model: string | undefined
  stream: boolean
  /** Cache, retry and timeout controls of this step after precedence (F040, F128). */
  controls: StepControls
}

/** Provider-native passthrough (F002): the client's request as one step; the body goes upstream byte for byte. */
export async function providerStepFromRequest(
  context: RequestContext,
  provider: ProviderDescriptor,
  rest: string,
): Promise<ProviderStep> {
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
  return {
    provider,
    rest,
    search: request.search,
    method,
    headers: request.headers,
    tokenSlots: context.tokenSlots,
    body,
    model: context.model,
    stream: (context.json as { stream?: unknown } | undefined)?.stream === true || isStreamingPath(rest),
    controls: readStepControls(request.headers),
  }
}

/** Sends one provider-native step through the attempt pipeline; only headers are adjusted (F002, F031). */
export async function sendProviderStep(
  context: RequestContext,
  step: ProviderStep,
  index: number,
): Promise<Reply> {
  const { services } = context
  const { provider, body } = step
  context.provider = provider
  context.model = step.model
  const slots = keySlots(provider.auth, provider.slug)
  const stored = await storedKeyFor(context, provider, clientSentKey(step.headers, slots, step.tokenSlots))
  recordZdr(context, step.controls)
  const target = resolveUpstream(
    provider,
    {
      rest: step.rest,
      headers: step.headers,
      settings: settingsFor(context, stored),
    },
    step.search,
    services.config.upstreams[provider.slug],
  )
  const headers = forwardRequestHeaders(step.headers, step.tokenSlots, body ? body.length : null)
  if (provider.auth.type === 'signed-passthrough' && step.headers['accept-encoding'] !== undefined) {
    // F028: a SigV4 signature may cover accept-encoding; forward exactly what was signed.
    headers['accept-encoding'] = step.headers['accept-encoding']
  }
  if (target.host) headers.host = target.host
  for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) headers[name] ??= value
  // F223: a stored key replaces the gateway token (or the missing key); a client's own key is left alone.
  if (stored) await applyStoredKey(context, provider, stored, headers)
  else if (provider.auth.type === 'vertex') await exchangeVertexCredential(context, step.headers, headers)
  if (step.tokenSlots.length > 0 && !hasProviderKey(headers, provider)) {
    throw new GatewayError(
      'missing_provider_key',
      `the gateway token was sent where the ${provider.name} key goes, and no stored key is configured for '${provider.slug}'`,
    )
  }
  return runAttempt({
    request: context,
    provider,
    step: index,
    controls: step.controls,
    stream: step.stream,
    url: target.url,
    method: step.method,
    headers,
    body,
  })
}

/** providers.md row 23 (b): a base64 service-account JSON in Authorization becomes a short-lived access token. */
async function exchangeVertexCredential(
  context: RequestContext,
  incoming: IncomingHttpHeaders,
  headers: Record<string, string | string[]>,
): Promise<void> {
  const account = parseVertexCredential(headerValue(incoming, 'authorization'))
  if (account) headers.authorization = `Bearer ${await context.services.vertex.accessToken(account)}`
}

/** The client's request sent as it is, outside any route (one step, index 0). */
export async function callProvider(
  context: RequestContext,
  provider: ProviderDescriptor,
  rest: string,
): Promise<Reply> {
  return sendProviderStep(context, await providerStepFromRequest(context, provider, rest), 0)
}

/** Gemini and Bedrock say "stream" in the path, not the body. */
export function isStreamingPath(rest: string): boolean {
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
