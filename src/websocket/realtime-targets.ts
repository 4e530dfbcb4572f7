import type { IncomingHttpHeaders } from 'node:http'
import { GatewayError } from '../core/errors.js'
import type { AuthScheme, ProviderDescriptor } from '../providers/define.js'
import { providerBySlug } from '../providers/index.js'
import { resolveUpstream } from '../providers/resolve-upstream.js'
import { forwardRequestHeaders } from '../upstream/forward-headers.js'
import { rawQuery, type RawQuery } from './query.js'
import { GATEWAY_AUTH_ENTRY, NEUTRAL_ENTRY, type OfferedEntry } from './subprotocols.js'

/**
 * The realtime providers (F056–F063): how a gateway path `/{provider}[/path]?query` becomes the provider's
 * WebSocket URL. Each path is relative to the provider's HTTP base, so an `AIGW_UPSTREAM_<SLUG>` override
 * (with http→ws, https→wss) moves realtime and HTTP traffic together.
 */
export interface RealtimeSpec {
  /** Path used when the client named none (`wss://…/openai?model=…`). */
  defaultPath: string
  /** A gateway-defined subprotocol entry carrying this provider's key (F057), applied with its auth scheme. */
  keyEntry?: string
  /** Where a client's own provider key may travel besides the key headers (decides BYOK, F058). */
  clientKeyIn?: { query?: string[]; protocols?: string[] }
  /** Adjusts path and query; returns the model when the URL names it. */
  shape?: (rest: string, query: RawQuery) => { rest: string; model?: string }
}

const GEMINI_LIVE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent'
const WORKERS_AI_MODEL = /^@?[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/

const SPECS: Readonly<Record<string, RealtimeSpec>> = {
  // F060: wss://api.openai.com/v1/realtime?model=…
  openai: {
    defaultPath: '/realtime',
    clientKeyIn: { protocols: ['openai-insecure-api-key'] },
    shape: (rest, query) => ({ rest, model: query.get('model') }),
  },
  // F061: the Live API takes its key as `key`; the gateway docs pass `api_key`.
  'google-ai-studio': {
    defaultPath: GEMINI_LIVE,
    clientKeyIn: { query: ['key', 'api_key'] },
    shape: (rest, query) => {
      if (query.has('api_key') && !query.has('key')) query.rename('api_key', 'key')
      else query.take('api_key')
      return { rest }
    },
  },
  // The HTTP descriptor drops a leading /v1 (providers.md §4.1); its TTS socket lives at /tts/websocket.
  cartesia: { defaultPath: '/tts/websocket', clientKeyIn: { query: ['api_key'] } },
  elevenlabs: { defaultPath: '/v1/convai/conversation', keyEntry: 'xi-api-key' },
  fal: {
    defaultPath: '',
    keyEntry: 'fal-api-key',
    shape: (rest) => {
      const app = rest.replace(/^\/+|\/+$/g, '')
      if (app === '') {
        throw new GatewayError(
          'invalid_request',
          'Fal realtime needs the app path, e.g. /fal/fal-ai/fast-lcm-diffusion',
        )
      }
      return { rest, model: app }
    },
  },
  // F062/F063: `?model=@cf/deepgram/nova-3&encoding=…` → …/ai/run/@cf/deepgram/nova-3?encoding=…
  'workers-ai': { defaultPath: '', shape: workersAiShape },
  // Row 9: the Deepgram SDK pointed at the gateway opens …/deepgram/v1/listen?model=…
  // Deepgram's browser SDK offers the subprotocols `token` and the key itself.
  deepgram: {
    defaultPath: '/v1/listen',
    clientKeyIn: { protocols: ['token'] },
    shape: (rest, query) => ({ rest, model: query.get('model') }),
  },
}

function workersAiShape(rest: string, query: RawQuery): { rest: string; model: string } {
  const fromQuery = query.take('model')
  const model = fromQuery ?? rest.replace(/^\/+/, '')
  if (model === '') {
    throw new GatewayError(
      'invalid_request',
      'Workers AI realtime needs a model: ?model=@cf/deepgram/nova-3 (or /workers-ai/@cf/deepgram/nova-3)',
    )
  }
  if (!WORKERS_AI_MODEL.test(model) || model.split('/').some((segment) => /^\.+$/.test(segment))) {
    throw new GatewayError(
      'invalid_request',
      `Workers AI model ${JSON.stringify(model.slice(0, 80))} is not valid`,
    )
  }
  return { rest: `/${model}`, model }
}

/** Names of every gateway-defined credential entry: consumed here, never offered upstream. */
const GATEWAY_DEFINED = new Set([
  GATEWAY_AUTH_ENTRY,
  NEUTRAL_ENTRY,
  ...Object.values(SPECS).flatMap((spec) => (spec.keyEntry ? [spec.keyEntry] : [])),
])

/** Dropped from the handshake we replay upstream: `ws` writes its own, and cookies belong to the gateway's origin. */
const NOT_FORWARDED = new Set([
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'cookie',
  'accept-encoding',
  'content-length',
])

export const REALTIME_SLUGS = ['openai', 'google', 'cartesia', 'elevenlabs', 'fal', 'workers-ai', 'deepgram']

export interface RealtimeInput {
  /** The path segment after the gateway, e.g. `openai` or `google` (F061). */
  slug: string
  /** Path after the slug, raw. */
  rest: string
  /** `?…` or empty, raw. */
  search: string
  headers: IncomingHttpHeaders
  offered: readonly OfferedEntry[]
  upstreams: Readonly<Record<string, string>>
  workersAiAccountId: string | undefined
}

export interface RealtimeTarget {
  provider: ProviderDescriptor
  /** ws:// or wss:// */
  url: string
  headers: Record<string, string | string[]>
  /** Subprotocols offered to the provider: the client's, minus gateway-defined entries. */
  protocols: string[]
  model: string | undefined
  /** For logs: the path after the slug, without its leading `/`. */
  path: string
}

/** The provider a realtime path names, or a 400/404 that says which ones exist. */
export function realtimeProvider(slug: string): { provider: ProviderDescriptor; spec: RealtimeSpec } {
  const provider = providerBySlug(slug)
  if (!provider) {
    throw new GatewayError('unknown_provider', `'${slug.slice(0, 64)}' is not a provider slug`)
  }
  const spec = SPECS[provider.slug]
  if (!spec) {
    throw new GatewayError(
      'not_found',
      `${provider.name} has no realtime WebSocket API (realtime: ${REALTIME_SLUGS.join(', ')}); any provider is reachable through the Universal WebSocket at /v1/{account}/{gateway}`,
    )
  }
  return { provider, spec }
}

export function resolveRealtimeTarget(input: RealtimeInput): RealtimeTarget {
  const { provider, spec } = realtimeProvider(input.slug)
  const query = rawQuery(input.search)
  const shaped = spec.shape ? spec.shape(input.rest, query) : { rest: input.rest }
  const rest = shaped.rest === '' || shaped.rest === '/' ? spec.defaultPath : shaped.rest
  const override = input.upstreams[provider.slug]
  const upstream = resolveUpstream(
    provider,
    { rest, headers: input.headers, settings: { workersAiAccountId: input.workersAiAccountId } },
    query.toString(),
    override,
  )
  const headers = forwardRequestHeaders(input.headers, [], null)
  for (const name of NOT_FORWARDED) delete headers[name]
  if (upstream.host) headers.host = upstream.host
  applyKeyEntry(headers, provider.auth, spec.keyEntry, input.offered)
  return {
    provider,
    url: toWebSocketUrl(upstream.url),
    headers,
    protocols: input.offered.filter((entry) => !GATEWAY_DEFINED.has(entry.name)).map((entry) => entry.raw),
    model: shaped.model,
    path: input.rest.replace(/^\//, ''),
  }
}

/** F057: `xi-api-key.<key>` → `xi-api-key: <key>`, `fal-api-key.<key>` → `Authorization: Key <key>`; a header the client set wins. */
function applyKeyEntry(
  headers: Record<string, string | string[]>,
  auth: AuthScheme,
  entryName: string | undefined,
  offered: readonly OfferedEntry[],
): void {
  if (entryName === undefined) return
  const key = offered.find((entry) => entry.name === entryName && entry.value)?.value
  if (key === undefined) return
  if (auth.type === 'header') headers[auth.name] ??= key
  else if (auth.type === 'scheme') headers.authorization ??= `${auth.scheme} ${key}`
  else if (auth.type === 'bearer') headers.authorization ??= `Bearer ${key}`
}

export function toWebSocketUrl(url: string): string {
  if (url.startsWith('https://')) return `wss://${url.slice('https://'.length)}`
  if (url.startsWith('http://')) return `ws://${url.slice('http://'.length)}`
  return url
}
