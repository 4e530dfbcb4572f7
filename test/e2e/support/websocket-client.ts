import type { IncomingHttpHeaders } from 'node:http'
import { WebSocket } from 'ws'

export interface Received {
  data: Buffer
  binary: boolean
}

export interface OpenSocket {
  ws: WebSocket
  /** Headers of the 101 answer. */
  headers: IncomingHttpHeaders
  received: Received[]
  closed: Promise<{ code: number; reason: string }>
  /** The received text frames, parsed. */
  json(): Array<Record<string, unknown>>
}

export interface Refusal {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface ConnectOptions {
  protocols?: string[]
  headers?: Record<string, string>
}

/** Opens a socket the way the docs' `ws` examples do and records everything it receives. */
export function openSocket(url: string, options: ConnectOptions = {}): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers })
    const received: Received[] = []
    let headers: IncomingHttpHeaders = {}
    ws.on('upgrade', (response) => (headers = response.headers))
    ws.on('message', (data: Buffer, binary) => received.push({ data, binary }))
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.once('close', (code, reason) => done({ code, reason: reason.toString() })),
    )
    ws.once('error', reject)
    ws.once('open', () =>
      resolve({
        ws,
        headers,
        received,
        closed,
        json: () =>
          received
            .filter((frame) => !frame.binary)
            .map((frame) => JSON.parse(frame.data.toString()) as Record<string, unknown>),
      }),
    )
  })
}

/** Expects the handshake to be refused and returns the HTTP answer. */
export async function refusedSocket(url: string, options: ConnectOptions = {}): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers })
    ws.once('open', () => {
      ws.terminate()
      reject(new Error('the handshake was accepted'))
    })
    ws.once('unexpected-response', (request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => {
        request.destroy()
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
      })
    })
    ws.once('error', () => undefined)
  })
}
