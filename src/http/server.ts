import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AdminHandler } from '../admin/types.js'
import type { Gateway } from '../gateway.js'
import { deliver } from './deliver.js'
import { toInbound, readBodyOnce } from './inbound.js'
import { createUpgradeListener } from './websocket.js'
import type { WebSocketGateway } from '../websocket/websocket-gateway.js'

export interface HttpServerDeps {
  gateway: Gateway
  admin: AdminHandler
  /** Admin request bodies are small JSON documents. */
  maxAdminBodyBytes?: number
  /** WebSocket upgrades on the data plane (F047, F056); without it upgrades are not served. */
  websockets?: WebSocketGateway
}

export interface HttpServer {
  server: Server
  listen(port: number, host: string): Promise<{ port: number; host: string }>
  /** Stops accepting, waits for in-flight requests (streams included) up to `graceMs`, then closes what is left. */
  shutdown(graceMs: number): Promise<void>
}

const DATA_PLANE = /^\/v1\/([^/?]+)\/([^/?]+)(\/[^?]*)?$/

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  let inFlight = 0
  let draining = false
  const idle: Array<() => void> = []

  const handle = (message: IncomingMessage, response: ServerResponse): void => {
    inFlight++
    response.once('close', () => {
      inFlight--
      if (draining && inFlight === 0) idle.splice(0).forEach((resolve) => resolve())
    })
    if (draining) response.setHeader('connection', 'close')
    route(message, response).catch((error: unknown) => {
      console.error('aigw: unhandled error', error)
      if (!response.headersSent)
        sendJson(response, 500, {
          success: false,
          errors: [{ code: 2099, message: 'Internal gateway error' }],
        })
      else response.destroy()
    })
  }

  const route = async (message: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = message.url ?? '/'
    const path = url.split('?', 1)[0]!
    if (path === '/healthz') {
      sendJson(response, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' })
      return
    }
    const match = DATA_PLANE.exec(path)
    if (match) {
      const inbound = toInbound(message, response, url)
      const reply = await deps.gateway.handle(inbound, {
        accountId: match[1]!,
        gatewayId: match[2]!,
        tail: match[3] ?? '',
      })
      deliver(reply, response)
      return
    }
    if (path.startsWith('/client/v4/')) {
      const query = url.indexOf('?')
      const body = await readBodyOnce(message)(deps.maxAdminBodyBytes ?? 1024 * 1024).catch(() => null)
      if (body === null) {
        sendJson(response, 413, {
          success: false,
          errors: [{ code: 2007, message: 'Request body too large' }],
          messages: [],
          result: null,
        })
        return
      }
      const result = await deps.admin({
        method: message.method ?? 'GET',
        path: path.slice('/client/v4'.length),
        query: new URLSearchParams(query === -1 ? '' : url.slice(query + 1)),
        headers: message.headers,
        body,
      })
      if (typeof result.body === 'string' || result.body instanceof Uint8Array) {
        // Stored log bodies come back as they were recorded (text or bytes) with their own content type.
        response.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8', ...result.headers })
        response.end(result.body)
      } else sendJson(response, result.status, result.body, result.headers)
      return
    }
    sendJson(response, 404, {
      success: false,
      result: [],
      messages: [],
      error: [
        {
          code: 2004,
          message: `Not found: ${path} (data plane lives under /v1/{account_id}/{gateway_id}/…)`,
        },
      ],
    })
  }

  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, handle)
  if (deps.websockets) server.on('upgrade', createUpgradeListener(deps.websockets))

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address()
          resolve({ port: typeof address === 'object' && address ? address.port : port, host })
        })
      })
    },
    async shutdown(graceMs) {
      draining = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      // Upgraded sockets keep the server open: they drain alongside HTTP and end with a 1001 close frame.
      const sockets = deps.websockets?.shutdown(graceMs)
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => idle.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ])
      }
      await sockets
      server.closeAllConnections()
      await closed
    },
  }
}
