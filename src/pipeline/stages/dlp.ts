import { GatewayError } from '../../core/errors.js'
import { DlpEvaluation } from '../../policy/dlp/evaluation.js'
import { policiesFor, resolvePolicies } from '../../policy/dlp/policies.js'
import { DlpProfileDirectory } from '../../policy/dlp/profile-directory.js'
import { extractBodyText, type Segment, type TextSchema } from '../../policy/text/index.js'
import { CUSTOM_PREFIX, providerBySlug } from '../../providers/index.js'
import type { Next } from '../compose.js'
import type { RequestContext, Services } from '../context.js'
import type { Reply } from '../exchange.js'
import { inspectResponse, recordFindings, type DlpState } from './dlp-response.js'

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS'])

const fallbackDirectories = new WeakMap<Services, DlpProfileDirectory>()

/** The wired directory, or one serving the predefined profiles when the process has no profile store. */
function directory(services: Services): DlpProfileDirectory {
  if (services.dlpProfiles) return services.dlpProfiles
  let fallback = fallbackDirectories.get(services)
  if (!fallback)
    fallbackDirectories.set(services, (fallback = new DlpProfileDirectory(undefined, services.clock)))
  return fallback
}

/** A Universal step's provider slug → the schema its `query` and answer are written in (F035). */
function schemaOfSlug(slug: string): TextSchema {
  const key = slug.toLowerCase()
  if (key === 'compat' || key.startsWith(CUSTOM_PREFIX)) return 'openai-chat'
  return providerBySlug(key)?.schema ?? 'opaque'
}

function compatSchema(endpoint: string): TextSchema | undefined {
  const bare = endpoint.replace(/^v1\//, '')
  if (bare === 'chat/completions') return 'openai-chat'
  if (bare === 'messages') return 'anthropic-messages'
  return undefined
}

/** The schema the client's answer is written in: the provider's, /compat's, or the Universal step's that answered. */
function responseSchema(context: RequestContext): TextSchema {
  const entry = context.entry
  if (entry?.kind === 'provider') return entry.provider.schema
  if (entry?.kind === 'compat') return compatSchema(entry.endpoint) ?? 'opaque'
  const steps = context.json
  const step = (Array.isArray(steps) ? steps[context.step ?? 0] : steps) as { provider?: unknown } | undefined
  return typeof step?.provider === 'string' ? schemaOfSlug(step.provider) : 'opaque'
}

async function requestSegments(context: RequestContext): Promise<Segment[]> {
  const { request, services, entry } = context
  const headers = request.headers
  const bodyless =
    BODYLESS.has(request.method.toUpperCase()) &&
    headers['content-length'] === undefined &&
    headers['transfer-encoding'] === undefined
  if (bodyless || !entry) return []
  // Memoised: the route reads the same buffer again without touching the socket.
  const body = await request.readBody(services.config.limits.maxRequestBytes)
  if (body.length === 0) return []
  const contentType = String(headers['content-type'] ?? '')
  if (entry.kind === 'universal') return extractBodyText(body, contentType, { universal: schemaOfSlug })
  const schema = entry.kind === 'provider' ? entry.provider.schema : compatSchema(entry.endpoint)
  return schema ? extractBodyText(body, contentType, schema) : []
}

/**
 * DLP (F213–F221): the gateway's enabled policies, nothing per request (F129, F217). The request text is checked
 * before anything is sent (BLOCK → 2029, F142); the answer before the client sees it (BLOCK → 2030, F143), a
 * stream incrementally (beyond F216). FLAG passes with the header and the log fields. Request-only policies never
 * touch the response.
 */
export async function dlp(context: RequestContext, next: Next<Reply>): Promise<Reply> {
  const settings = context.gateway?.dlp
  if (!settings?.enabled) return next()
  const profiles = await directory(context.services).profiles(context.accountId)
  const { policies, problems } = resolvePolicies(settings, profiles)
  for (const problem of problems) if (!context.warnings.includes(problem)) context.warnings.push(problem)
  const state: DlpState = {
    context,
    request: new DlpEvaluation(policiesFor(policies, 'REQUEST'), 'REQUEST'),
    response: new DlpEvaluation(policiesFor(policies, 'RESPONSE'), 'RESPONSE'),
  }
  if (state.request.active) {
    for (const segment of await requestSegments(context)) {
      state.request.scan(segment.text, { channel: segment.location })
    }
    recordFindings(state)
    if (state.request.blocked) throw new GatewayError('dlp_request_blocked')
  }
  const reply = await next()
  if (!state.response.active || reply.status < 200 || reply.status > 299) return reply
  return inspectResponse(state, reply, responseSchema(context))
}
