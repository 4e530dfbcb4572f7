import type { IncomingMessage } from 'node:http'
import { WebSocketServer, type WebSocket } from 'ws'
import { readControls } from '../core/controls.js'
import { asGatewayError, GatewayError } from '../core/errors.js'
import type { Gateway } from '../gateway.js'
import type { Services } from '../pipeline/context.js'
import { authorizeUpgrade, type AuthorizedUpgrade } from './authorize-upgrade.js'
import { checkHandshake, rejection, type UpgradeRejection, type UpgradeRequest } from './handshake.js'
import { openRealtimeSession } from './realtime-session.js'
import { SessionRegistry } from './session-registry.js'
import { chooseSubprotocol, parseOffered, type OfferedEntry } from './subprotocols.js'
import { startUniversalSession } from './universal-session.js'

export type WebSocketServices = Pick<
  Services,
  'config' | 'clock' | 'ids' | 'gateways' | 'tokens' | 'events' | 'storedKeys' | 'credits'
>

export interface WebSocketGatewayDeps {
  services: WebSocketServices
  /** Runs non-realtime frames; built with `RetypedRequestEvents` so they are logged as `websocket` (F055). */
  frames: Gateway
}

/** The data plane's WebSocket side: the http layer hands it every upgrade under `/v1/{account}/{gateway}`. */
export interface WebSocketGateway {
  /** Takes the socket over (undefined) or says how to refuse it; never rejects. */
  upgrade(request: UpgradeRequest): Promise<UpgradeRejection | undefined>
  /** Refuses new upgrades, lets in-flight frames finish within `graceMs`, then closes every socket with 1001. */
  shutdown(graceMs: number): Promise<void>
  readonly openSessions: number
}

/** Envelope room above the request-body limit for a `universal.create` frame. */
const FRAME_ENVELOPE_BYTES = 64 * 1024

/** The handshake answer's extras, per request: the chosen subprotocol and the session's log ids. */
interface Answer {
  protocol: string | undefined
  headers: Record<string, string>
}

function createServer(maxPayload: number, answers: WeakMap<IncomingMessage, Answer>): WebSocketServer {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload,
    handleProtocols: (_offered, message) => answers.get(message)?.protocol ?? false,
  })
  server.on('headers', (lines: string[], message: IncomingMessage) => {
    for (const [name, value] of Object.entries(answers.get(message)?.headers ?? {}))
      lines.push(`${name}: ${value}`)
  })
  return server
}

/** Completes the handshake; false when the client was gone by then (ws destroys such sockets). */
function accept(
  server: WebSocketServer,
  answers: WeakMap<IncomingMessage, Answer>,
  request: UpgradeRequest,
  answer: Answer,
  onOpen: (socket: WebSocket) => void,
): boolean {
  answers.set(request.message, answer)
  let opened = false
  server.handleUpgrade(request.message, request.socket, request.head, (socket) => {
    opened = true
    onOpen(socket)
  })
  return opened
}

class Sockets implements WebSocketGateway {
  private readonly answers = new WeakMap<IncomingMessage, Answer>()
  private readonly universalServer: WebSocketServer
  private readonly realtimeServer: WebSocketServer
  private readonly registry = new SessionRegistry()

  constructor(private readonly deps: WebSocketGatewayDeps) {
    const { maxRequestBytes } = deps.services.config.limits
    this.universalServer = createServer(maxRequestBytes + FRAME_ENVELOPE_BYTES, this.answers)
    this.realtimeServer = createServer(maxRequestBytes, this.answers)
  }

  get openSessions(): number {
    return this.registry.size
  }

  shutdown(graceMs: number): Promise<void> {
    return this.registry.shutdown(graceMs)
  }

  async upgrade(request: UpgradeRequest): Promise<UpgradeRejection | undefined> {
    const { services } = this.deps
    const startedAt = services.clock.now()
    const startedHr = performance.now()
    const ids = { 'cf-aig-log-id': services.ids(startedAt), 'cf-aig-event-id': services.ids(startedAt) }
    const headers = request.message.headers
    try {
      if (this.registry.isDraining) {
        throw new GatewayError('shutting_down', 'not accepting new WebSocket connections')
      }
      checkHandshake(request.message.method, headers)
      const offered = parseOffered(headers['sec-websocket-protocol'])
      const auth = await authorizeUpgrade(services, request.accountId, request.gatewayId, headers, offered)
      const controls = readControls(headers)
      if (request.tail === '' || request.tail === '/')
        return void this.acceptUniversal(request, auth, offered)
      return await openRealtimeSession({
        services,
        registry: this.registry,
        request,
        auth,
        controls,
        offered,
        ids,
        startedAt,
        startedHr,
        accept: (answer, onOpen) => accept(this.realtimeServer, this.answers, request, answer, onOpen),
      })
    } catch (error) {
      const failure = asGatewayError(error)
      if (failure.kind === 'internal') console.error('aigw: WebSocket upgrade failed', error)
      return rejection(failure, ids)
    }
  }

  private acceptUniversal(request: UpgradeRequest, auth: AuthorizedUpgrade, offered: OfferedEntry[]): void {
    const answer = { protocol: chooseSubprotocol(offered), headers: {} }
    accept(this.universalServer, this.answers, request, answer, (socket) => {
      const session = startUniversalSession({
        socket,
        gateway: this.deps.frames,
        address: { accountId: request.accountId, gatewayId: request.gatewayId, tail: request.tail },
        path: request.path,
        token: auth.token,
        upgradeHeaders: request.message.headers,
      })
      this.registry.add({
        drain: () => session.drain(),
        close: (code, reason) => socket.close(code, reason),
        terminate: () => socket.terminate(),
        closed: new Promise((resolve) => socket.once('close', () => resolve())),
      })
    })
  }
}

export function createWebSocketGateway(deps: WebSocketGatewayDeps): WebSocketGateway {
  return new Sockets(deps)
}
