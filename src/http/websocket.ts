import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { UpgradeRejection } from '../websocket/handshake.js'
import type { WebSocketGateway } from '../websocket/websocket-gateway.js'

const DATA_PLANE = /^\/v1\/([^/?]+)\/([^/?]+)(\/[^?]*)?$/

/** Writes a plain HTTP answer on a socket whose handshake is refused, then closes it. */
export function writeRejection(socket: Duplex, rejection: UpgradeRejection): void {
  if (socket.destroyed) return
  const body = typeof rejection.body === 'string' ? Buffer.from(rejection.body) : rejection.body
  const lines = [
    `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status] ?? 'Error'}`,
    'Connection: close',
  ]
  for (const [name, value] of Object.entries(rejection.headers)) {
    // Values come from our own ids or a provider's content type; a line break must never split the answer.
    if (!/[\r\n]/.test(value)) lines.push(`${name}: ${value}`)
  }
  lines.push(`Content-Length: ${body.length}`)
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]))
}

function notFound(path: string): UpgradeRejection {
  return {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      success: false,
      result: [],
      messages: [],
      error: [
        {
          code: 2004,
          message: `Not found: ${path.slice(0, 200)} (WebSockets live under /v1/{account_id}/{gateway_id})`,
        },
      ],
    }),
  }
}

/**
 * The server's `upgrade` listener (F047, F056): data-plane paths go to the WebSocket gateway, which either
 * takes the socket over or says how to refuse it; everything else is a 404. The socket gets an error
 * listener first, since a client may reset it while the handshake waits on the store or the provider.
 */
export function createUpgradeListener(websockets: WebSocketGateway) {
  return (message: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy())
    const url = message.url ?? '/'
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const match = DATA_PLANE.exec(path)
    if (!match) return writeRejection(socket, notFound(path))
    websockets
      .upgrade({
        message,
        socket,
        head,
        accountId: match[1]!,
        gatewayId: match[2]!,
        tail: match[3] ?? '',
        path,
        search: query === -1 ? '' : url.slice(query),
      })
      .then((rejection) => {
        if (rejection) writeRejection(socket, rejection)
      })
      .catch((error: unknown) => {
        console.error('aigw: unhandled WebSocket upgrade error', error)
        writeRejection(socket, {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            success: false,
            result: [],
            messages: [],
            error: [{ code: 2099, message: 'Internal gateway error' }],
          }),
        })
      })
  }
}
