import type { Readable } from 'node:stream'
import { Agent, errors as undiciErrors } from 'undici'
import { GatewayError } from '../core/errors.js'

export interface UpstreamRequest {
  url: string
  method: string
  headers: Record<string, string | string[]>
  body: Buffer | null
  signal: AbortSignal
  /** Time allowed until response headers arrive (time to first byte, F177). */
  headersTimeoutMs: number
  /** Longest silence allowed between body chunks once the response started. */
  bodyTimeoutMs: number
}

export interface UpstreamResponse {
  status: number
  headers: Record<string, string | string[]>
  body: Readable
}

export interface UpstreamClient {
  send(request: UpstreamRequest): Promise<UpstreamResponse>
  close(): Promise<void>
}

function toHeaderRecord(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value
  return out
}

/** Keep-alive connection pools per upstream origin (undici Agent), shared by every request of the process. */
export function createUpstreamClient(options: { connectionsPerOrigin?: number } = {}): UpstreamClient {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: options.connectionsPerOrigin ?? 256,
    connect: { timeout: 10_000 },
  })
  return {
    async send(request) {
      const url = new URL(request.url)
      try {
        const response = await agent.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: request.method as 'POST',
          headers: request.headers,
          body: request.body,
          signal: request.signal,
          headersTimeout: request.headersTimeoutMs,
          bodyTimeout: request.bodyTimeoutMs,
        })
        return { status: response.statusCode, headers: toHeaderRecord(response.headers), body: response.body }
      } catch (error) {
        if (error instanceof undiciErrors.HeadersTimeoutError) {
          throw new GatewayError('upstream_timeout', `no response from ${url.host} in time`, { cause: error })
        }
        if (error instanceof undiciErrors.RequestAbortedError || request.signal.aborted) throw error
        const code = (error as { code?: string }).code ?? (error as Error).message
        throw new GatewayError('upstream_unreachable', `${url.host}: ${code}`, { cause: error })
      }
    },
    close: () => agent.close(),
  }
}
