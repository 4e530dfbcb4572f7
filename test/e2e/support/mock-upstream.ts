import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export type MockHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>

/**
 * A programmable upstream on 127.0.0.1 that records every request exactly as it arrived (path, query, headers,
 * body bytes), so tests can assert what a provider would have seen.
 */
export class MockUpstream {
  readonly requests: RecordedRequest[] = []
  private handler: MockHandler = (_request, response) => {
    response.writeHead(500).end('no handler')
  }
  private server: Server | undefined
  url = ''

  async start(): Promise<this> {
    this.server = createServer((message: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = []
      message.on('data', (chunk: Buffer) => chunks.push(chunk))
      message.on('end', () => {
        const recorded = {
          method: message.method ?? '',
          url: message.url ?? '',
          headers: message.headers,
          body: Buffer.concat(chunks),
        }
        this.requests.push(recorded)
        Promise.resolve(this.handler(recorded, response)).catch((error: unknown) => {
          response.destroy(error as Error)
        })
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  handle(handler: MockHandler): void {
    this.handler = handler
  }

  last(): RecordedRequest {
    const last = this.requests.at(-1)
    if (!last) throw new Error('mock upstream received no request')
    return last
  }

  reset(): void {
    this.requests.length = 0
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }
}

export function json(
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

/** A gate the test opens: lets a mock hold back the rest of a stream until the client proved it got the start. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void
  const wait = new Promise<void>((resolve) => {
    open = resolve
  })
  return { wait, open }
}
