import type { WebSocket } from 'ws'
import type { Controls } from '../core/controls.js'
import { errorTable } from '../core/errors.js'
import type { Services } from '../pipeline/context.js'
import type { StoredKeyUse } from '../pipeline/record.js'
import type { AuthorizedUpgrade } from './authorize-upgrade.js'
import type { UpgradeRejection, UpgradeRequest } from './handshake.js'
import { bridgeSockets } from './realtime-bridge.js'
import { connectUpstream } from './realtime-connect.js'
import { createRealtimeMeter } from './realtime-meter.js'
import { applyStoredRealtimeKey, storedRealtimeKey } from './realtime-credentials.js'
import { realtimeProvider, resolveRealtimeTarget, type RealtimeTarget } from './realtime-targets.js'
import { sessionRecord, type SessionFacts } from './session-record.js'
import type { SessionRegistry } from './session-registry.js'
import { chooseSubprotocol, type OfferedEntry } from './subprotocols.js'

/** The provider's handshake gets at most this long, even when the HTTP upstream timeout is longer. */
const MAX_HANDSHAKE_MS = 30_000
/** Logged, never sent: the client left before the provider answered. */
const CLIENT_GONE_STATUS = errorTable.client_closed.status

export interface RealtimeSessionOptions {
  services: Pick<Services, 'config' | 'events' | 'storedKeys' | 'credits'>
  registry: SessionRegistry
  request: UpgradeRequest
  auth: AuthorizedUpgrade
  controls: Controls
  offered: OfferedEntry[]
  ids: { 'cf-aig-log-id': string; 'cf-aig-event-id': string }
  startedAt: number
  startedHr: number
  /** Completes the client's handshake with this answer; false when the client was already gone. */
  accept(
    answer: { protocol: string | undefined; headers: Record<string, string> },
    onOpen: (socket: WebSocket) => void,
  ): boolean
}

function splitTail(tail: string): { slug: string; rest: string } {
  const slash = tail.indexOf('/', 1)
  return slash === -1
    ? { slug: tail.slice(1), rest: '' }
    : { slug: tail.slice(1, slash), rest: tail.slice(slash) }
}

function initialFacts(options: RealtimeSessionOptions, target: RealtimeTarget): SessionFacts {
  const { request } = options
  return {
    logId: options.ids['cf-aig-log-id'],
    eventId: options.ids['cf-aig-event-id'],
    accountId: request.accountId,
    gatewayId: request.gatewayId,
    startedAt: options.startedAt,
    startedHr: options.startedHr,
    requestType: 'realtime',
    provider: target.provider.slug,
    path: target.path,
    model: target.model,
    gateway: options.auth.gateway,
    controls: options.controls,
    handshakeHeaders: request.message.headers,
    statusCode: 101,
    openedHr: undefined,
    end: undefined,
    stats: undefined,
    usage: undefined,
    subprotocol: undefined,
    failure: undefined,
    storedKey: undefined,
  }
}

/** The provider's URL and handshake headers, with a stored key when the client brought none (F058). */
async function sessionTarget(
  options: RealtimeSessionOptions,
): Promise<{ target: RealtimeTarget; storedKey: StoredKeyUse | undefined }> {
  const { services, request } = options
  const { slug, rest } = splitTail(request.tail)
  const { provider, spec } = realtimeProvider(slug)
  const stored = await storedRealtimeKey(services, {
    accountId: request.accountId,
    gatewayId: request.gatewayId,
    gateway: options.auth.gateway,
    provider,
    spec,
    headers: request.message.headers,
    offered: options.offered,
    search: request.search,
    alias: options.controls.byokAlias,
  })
  const target = resolveRealtimeTarget({
    slug,
    rest,
    search: request.search,
    headers: request.message.headers,
    offered: options.offered,
    upstreams: services.config.upstreams,
    // F022: a stored Workers AI key may bring the Cloudflare account it runs under.
    workersAiAccountId:
      (stored?.value.kind === 'workers-ai' ? stored.value.accountId : undefined) ??
      services.config.workersAiAccountId,
  })
  if (!stored) return { target, storedKey: undefined }
  applyStoredRealtimeKey(target.headers, provider, stored)
  return {
    target,
    storedKey: { configId: stored.configId, providerSlug: stored.providerSlug, alias: stored.alias },
  }
}

/**
 * F056–F065: dials the provider first, answers the client's handshake with the provider's outcome (its
 * refusal status, or 101 with the subprotocol it chose), then relays frames until either side closes.
 * The session is logged once, when it ends, as `realtime`.
 */
export async function openRealtimeSession(
  options: RealtimeSessionOptions,
): Promise<UpgradeRejection | undefined> {
  const { services, request } = options
  const { config } = services
  const { target, storedKey } = await sessionTarget(options)
  const facts = initialFacts(options, target)
  facts.storedKey = storedKey
  const emit = (): void => services.events.emitRequestEnd(sessionRecord(facts, performance.now()))
  const clientGone = (): undefined => {
    facts.statusCode = CLIENT_GONE_STATUS
    facts.failure = 'client closed the connection before the session opened'
    emit()
    return undefined
  }

  const connection = await connectUpstream(target, request.socket, {
    handshakeTimeoutMs: Math.min(config.limits.upstreamTimeoutMs, MAX_HANDSHAKE_MS),
    maxPayload: config.limits.maxRequestBytes,
  })
  if (connection.kind === 'client-gone') return clientGone()
  if (connection.kind === 'refused') {
    const { refusal } = connection
    facts.statusCode = refusal.status
    facts.failure = refusal.reason
    emit()
    const headers: Record<string, string> = { ...options.ids }
    if (refusal.contentType) headers['content-type'] = refusal.contentType
    return { status: refusal.status, headers, body: refusal.body ?? '' }
  }

  const upstream = connection.socket
  facts.openedHr = performance.now()
  facts.subprotocol = chooseSubprotocol(options.offered, upstream.protocol)
  const opened = options.accept({ protocol: facts.subprotocol, headers: options.ids }, (client) =>
    runBridge(client, upstream, target, facts, options.registry, emit),
  )
  if (!opened) {
    upstream.terminate()
    return clientGone()
  }
  return undefined
}

/** Relays until both sides closed, then logs the session with what the meter saw. */
function runBridge(
  client: WebSocket,
  upstream: WebSocket,
  target: RealtimeTarget,
  facts: SessionFacts,
  registry: SessionRegistry,
  emit: () => void,
): void {
  const meter = createRealtimeMeter(target.provider.slug, target.model)
  const bridge = bridgeSockets(client, upstream, {
    fromClient: (data, binary) => meter.fromClient(data, binary),
    fromUpstream: (data, binary) => meter.fromUpstream(data, binary),
  })
  facts.stats = bridge.stats
  upstream.resume()
  registry.add({
    drain: () => Promise.resolve(),
    close: (code, reason) => bridge.close(code, reason),
    terminate: () => bridge.terminate(),
    closed: bridge.done.then(() => undefined),
  })
  void bridge.done.then((end) => {
    facts.end = end
    facts.model = meter.model
    facts.usage = meter.usage
    emit()
  })
}
