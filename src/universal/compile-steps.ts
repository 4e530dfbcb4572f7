import type { IncomingHttpHeaders } from 'node:http'
import { resolveCompatModel } from '../compat/resolve-model.js'
import { GatewayError } from '../core/errors.js'
import { mergeStepHeaders, readStepControls, type StepControls } from '../core/step-controls.js'
import { isStreamingPath } from '../pipeline/provider-call.js'
import type { ProviderDescriptor } from '../providers/define.js'
import { providerBySlug } from '../providers/index.js'
import { fallbackChain } from '../routing/build.js'
import type { StartNode } from '../routing/graph.js'
import type { OpenAIChatRequest } from '../translate/types.js'
import type { ModelCall } from './model-call.js'
import type { UniversalStep } from './parse-steps.js'

const COMPAT_ENDPOINTS = new Set(['chat/completions', 'v1/chat/completions'])
const VERSION_SEGMENT = /^v\d+(?:alpha\d*|beta\d*)?$/

/**
 * A Universal request becomes a fallback chain (F037): step i's failure hands over to step i+1, and every
 * step carries its own headers, body and controls, so nothing is shared between steps but the outer
 * request's `cf-aig-*` defaults (F040).
 */
export function compileUniversal(
  steps: readonly UniversalStep[],
  outer: IncomingHttpHeaders,
): StartNode<ModelCall> {
  return fallbackChain(steps.map((step) => compileStep(step, outer)))
}

export function compileStep(step: UniversalStep, outer: IncomingHttpHeaders): ModelCall {
  const controls = stepControls(step, outer)
  if (step.provider.toLowerCase() === 'compat') return compatCall(step, controls)
  const provider = providerBySlug(step.provider)
  if (!provider) {
    throw new GatewayError(
      'unknown_provider',
      `${step.at}provider: '${step.provider.slice(0, 64)}' is not a provider slug (or "compat")`,
    )
  }
  const query = step.endpoint.indexOf('?')
  const path = underBase(
    provider,
    (query === -1 ? step.endpoint : step.endpoint.slice(0, query)).replace(/^\/+/, ''),
  )
  const rest = path === '' ? '' : `/${path}`
  const body = step.query as { model?: unknown; stream?: unknown }
  return {
    kind: 'provider',
    logPath: path,
    step: {
      provider,
      rest,
      search: query === -1 ? '' : step.endpoint.slice(query),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...step.headers },
      tokenSlots: [],
      body: Buffer.from(JSON.stringify(step.query)),
      model: typeof body.model === 'string' ? body.model : provider.modelFromPath?.(rest),
      stream: body.stream === true || isStreamingPath(rest),
      controls,
    },
  }
}

/**
 * F040, F128: step headers > outer request headers > gateway settings (the stages apply the last), and a
 * step's `config` (F039) is the most specific of all: it wins over a `cf-aig-*` header in the same step.
 */
export function stepControls(step: UniversalStep, outer: IncomingHttpHeaders): StepControls {
  try {
    readStepControls(step.headers)
  } catch (error) {
    if (error instanceof GatewayError)
      throw new GatewayError(error.kind, `${step.at}headers: ${error.detail}`)
    throw error
  }
  const controls = readStepControls(mergeStepHeaders(outer, step.headers))
  const { config } = step
  return {
    ...controls,
    requestTimeoutMs: config.requestTimeout ?? controls.requestTimeoutMs,
    maxAttempts: config.maxAttempts ?? controls.maxAttempts,
    retryDelayMs: config.retryDelay ?? controls.retryDelayMs,
    backoff: config.backoff ?? controls.backoff,
  }
}

/** `provider: "compat"` (F035): the step's query is an OpenAI chat request with a `{provider}/{model}` model. */
function compatCall(step: UniversalStep, controls: StepControls): ModelCall {
  const endpoint = step.endpoint.replace(/^\/+|\/+$/g, '')
  if (!COMPAT_ENDPOINTS.has(endpoint)) {
    throw new GatewayError('invalid_request', `${step.at}endpoint: compat steps take "chat/completions"`)
  }
  const request = step.query as OpenAIChatRequest
  if (Array.isArray(step.query)) {
    throw new GatewayError('invalid_request', `${step.at}query: must be a chat completion request object`)
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new GatewayError('invalid_request', `${step.at}query.messages: required, a non-empty array`)
  }
  try {
    resolveCompatModel(request.model)
  } catch (error) {
    if (error instanceof GatewayError) throw new GatewayError(error.kind, `${step.at}query.${error.detail}`)
    throw error
  }
  return {
    kind: 'compat',
    logPath: 'chat/completions',
    step: { request, headers: step.headers, tokenSlots: [], controls },
  }
}

/**
 * Clients that build the endpoint from the provider's full URL (the Vercel `ai-gateway-provider` sends
 * OpenAI's `v1/chat/completions`) repeat the version segment the provider base already ends with; it is
 * dropped so the upstream sees `/v1/chat/completions`, not `/v1/v1/…`.
 */
function underBase(provider: ProviderDescriptor, path: string): string {
  const version = baseVersion(provider)
  return version !== undefined && path.startsWith(`${version}/`) ? path.slice(version.length + 1) : path
}

const versions = new WeakMap<ProviderDescriptor, string | null>()

function baseVersion(provider: ProviderDescriptor): string | undefined {
  let version = versions.get(provider)
  if (version === undefined) {
    const last = provider.base
      .replace(/^[a-z]+:\/\/[^/]*/i, '')
      .split('/')
      .filter(Boolean)
      .at(-1)
    version = last !== undefined && VERSION_SEGMENT.test(last) ? last : null
    versions.set(provider, version)
  }
  return version ?? undefined
}
