import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface RecordedHandshake {
  /** Path and query exactly as they arrived. */
  url: string
  headers: IncomingHttpHeaders
  /** Offered subprotocols, in order. */
  protocols: string[]
}

export interface RecordedClose {
  code: number
  reason: string
}

/**
 * A provider's realtime endpoint on 127.0.0.1: records each handshake, greets every connection (as OpenAI's
 * `session.created` does, before the client said anything), echoes text and binary frames with their type,
 * and obeys a few JSON commands (`close`, `usage`).
 */
export class MockWebSocketUpstream {
  readonly handshakes: RecordedHandshake[] = []
  readonly closes: RecordedClose[] = []
  /** When set, handshakes are refused with this HTTP answer. */
  refuse: { status: number; body: unknown } | undefined
  /** Which offered subprotocol to select; none by default. */
  select: (offered: string[]) => string | false = () => false
  url = ''
  private readonly server: Server = createServer((_request, response) => response.writeHead(426).end())
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => this.select([...offered]),
  })

  async start(): Promise<this> {
    this.server.on('upgrade', (request, socket, head) => {
      const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
      this.handshakes.push({ url: request.url ?? '', headers: request.headers, protocols })
      if (this.refuse) {
        const body = JSON.stringify(this.refuse.body)
        socket.end(
          `HTTP/1.1 ${this.refuse.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        )
        return
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws))
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  private serve(ws: WebSocket): void {
    ws.send(JSON.stringify({ type: 'session.created', session: { model: 'mock-model' } }))
    ws.on('close', (code, reason) => this.closes.push({ code, reason: reason.toString() }))
    ws.on('message', (data: Buffer, binary) => {
      const command = binary ? undefined : parseCommand(data)
      if (command?.command === 'close') return ws.close(command.code, command.reason)
      if (command?.command === 'usage') {
        return ws.send(
          JSON.stringify({
            type: 'response.done',
            response: {
              usage: { input_tokens: 11, output_tokens: 7, input_token_details: { cached_tokens: 2 } },
            },
          }),
        )
      }
      ws.send(data, { binary })
    })
  }

  last(): RecordedHandshake {
    const last = this.handshakes.at(-1)
    if (!last) throw new Error('mock WebSocket upstream received no handshake')
    return last
  }

  reset(): void {
    this.handshakes.length = 0
    this.closes.length = 0
    this.refuse = undefined
    this.select = () => false
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

function parseCommand(data: Buffer): { command?: string; code?: number; reason?: string } | undefined {
  try {
    const value: unknown = JSON.parse(data.toString())
    return typeof value === 'object' && value !== null ? (value as { command?: string }) : undefined
  } catch {
    return undefined
  }
}
