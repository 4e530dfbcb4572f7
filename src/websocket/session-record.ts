import type { IncomingHttpHeaders } from 'node:http'
import type { Controls } from '../core/controls.js'
import type { GatewaySettings } from '../core/gateway-settings.js'
import type { RequestType, Usage } from '../core/log-entry.js'
import type { RequestRecord, StoredKeyUse } from '../pipeline/record.js'
import { isCleanClose } from './close-codes.js'
import type { BridgeEnd, BridgeStats } from './realtime-bridge.js'
import { isSecretEntry, parseOffered } from './subprotocols.js'

/** What a WebSocket session leaves behind for its one log entry (F055, F056). */
export interface SessionFacts {
  logId: string
  eventId: string
  accountId: string
  gatewayId: string
  startedAt: number
  startedHr: number
  requestType: RequestType
  provider: string
  path: string
  model: string | undefined
  gateway: GatewaySettings | undefined
  controls: Controls | undefined
  handshakeHeaders: IncomingHttpHeaders
  /** 101 once the session opened, otherwise the status the handshake was refused with. */
  statusCode: number
  /** performance.now() when the upstream accepted (the session's first byte). */
  openedHr: number | undefined
  end: BridgeEnd | undefined
  stats: BridgeStats | undefined
  usage: Usage | undefined
  subprotocol: string | undefined
  /** Why the session failed before or without a close (refused handshake, client gone while connecting). */
  failure: string | undefined
  /** The stored key the session used (F058); billing and the key's last use follow it. */
  storedKey: StoredKeyUse | undefined
}

/** Handshake headers minus every credential, for subscribers that look at them (exporters). */
export function loggableHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers }
  delete out['cf-aig-authorization']
  delete out.authorization
  delete out.cookie
  delete out['sec-websocket-key']
  const offered = parseOffered(headers['sec-websocket-protocol'])
  if (offered.length > 0) {
    out['sec-websocket-protocol'] = offered
      .map((entry) => (isSecretEntry(entry) ? `${entry.name}.<redacted>` : entry.raw))
      .join(', ')
  }
  return out
}

function describeEnd(end: BridgeEnd): string | undefined {
  if (isCleanClose(end.code) && end.error === undefined) return undefined
  const reason = end.reason === '' ? '' : ` (${end.reason})`
  const error = end.error === undefined ? '' : `; ${end.error}`
  return `closed by ${end.closedBy} with code ${end.code}${reason}${error}`
}

/** One record per session, emitted when it ended: duration is the session's, bytes are payload bytes. */
export function sessionRecord(facts: SessionFacts, endHr: number): RequestRecord {
  const errorMessage = facts.failure ?? (facts.end ? describeEnd(facts.end) : undefined)
  const collectLog = facts.controls?.collectLog ?? facts.gateway?.collect_logs ?? false
  const stats = facts.stats
  return {
    logId: facts.logId,
    eventId: facts.eventId,
    accountId: facts.accountId,
    gatewayId: facts.gatewayId,
    startedAt: facts.startedAt,
    durationMs: endHr - facts.startedHr,
    ttfbMs: (facts.openedHr ?? endHr) - facts.startedHr,
    requestType: facts.requestType,
    method: 'GET',
    path: facts.path,
    provider: facts.provider,
    model: facts.model,
    schema: 'opaque',
    statusCode: facts.statusCode,
    success: facts.statusCode === 101 && errorMessage === undefined,
    cached: false,
    step: 0,
    authenticated: true,
    controls: facts.controls,
    collectLog: facts.gateway !== undefined && collectLog,
    requestHeaders: loggableHeaders(facts.handshakeHeaders),
    requestContentType: '',
    requestBody: null,
    responseHeaders: {},
    responseContentType: '',
    response: {
      size: stats?.bytesFromUpstream ?? 0,
      truncated: false,
      full: null,
      head: Buffer.alloc(0),
      tail: Buffer.alloc(0),
    },
    outcome: errorMessage === undefined ? 'complete' : 'error',
    errorMessage,
    usage: facts.usage,
    attempts: [],
    warnings: [],
    ...(facts.storedKey ? { storedKey: facts.storedKey } : {}),
    extra: {
      websocket: {
        subprotocol: facts.subprotocol ?? null,
        closedBy: facts.end?.closedBy ?? null,
        closeCode: facts.end?.code ?? null,
        closeReason: facts.end?.reason ?? null,
        framesFromClient: stats?.framesFromClient ?? 0,
        bytesFromClient: stats?.bytesFromClient ?? 0,
        framesFromUpstream: stats?.framesFromUpstream ?? 0,
        bytesFromUpstream: stats?.bytesFromUpstream ?? 0,
      },
    },
  }
}
