import type { LookupAddress, LookupOptions } from 'node:dns'
import { lookup as dnsLookup } from 'node:dns'
import type { Socket } from 'node:net'
import { Agent, buildConnector, errors as undiciErrors } from 'undici'
import { GatewayError } from '../core/errors.js'
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../upstream/client.js'
import type { AddressPolicy } from './address-policy.js'

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

const PRIVATE_ADDRESS = 'AIGW_PRIVATE_ADDRESS'

export interface GuardedUpstreamOptions {
  base: UpstreamClient
  policy: AddressPolicy
  /** Replaces DNS in tests. */
  resolver?: Resolver
  connectTimeoutMs?: number
}

/**
 * Requests to custom-provider origins go through their own connection pool whose connector checks every
 * address before connecting (a DNS lookup hook) and the address actually connected to (the socket), so a
 * host that resolved to a public address when the provider was saved cannot later be pointed at the
 * private network (DNS rebinding). Other requests use the shared pool untouched.
 */
export class GuardedUpstream implements UpstreamClient {
  private readonly origins = new Set<string>()
  private readonly agent: Agent

  constructor(private readonly options: GuardedUpstreamOptions) {
    const lookup = guardedLookup(options.policy, options.resolver ?? (dnsLookup as unknown as Resolver))
    const connect = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000, lookup })
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: (connectOptions, callback) => {
        connect(connectOptions, (error, socket) => {
          if (error || !socket) return callback(error ?? new Error('connect failed'), null)
          const refusal = refusalFor(options.policy, socket)
          if (refusal) {
            socket.destroy()
            return callback(privateAddressError(connectOptions.hostname, refusal), null)
          }
          callback(null, socket)
        })
      },
    })
  }

  /** Marks an origin (`https://host:port`) as a custom provider's; its connections are checked from now on. */
  guard(origin: string): void {
    this.origins.add(origin)
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const url = new URL(request.url)
    if (!this.origins.has(url.origin)) return this.options.base.send(request)
    return this.sendGuarded(url, request)
  }

  async close(): Promise<void> {
    await Promise.all([this.options.base.close(), this.agent.close()])
  }

  private async sendGuarded(url: URL, request: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as 'POST',
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        headersTimeout: request.headersTimeoutMs,
        bodyTimeout: request.bodyTimeoutMs,
      })
      const headers: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) headers[name] = value
      return { status: response.statusCode, headers, body: response.body }
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === PRIVATE_ADDRESS) {
        throw new GatewayError('private_address', (error as Error).message, { cause: error })
      }
      if (error instanceof undiciErrors.HeadersTimeoutError) {
        throw new GatewayError('upstream_timeout', `no response from ${url.host} in time`, { cause: error })
      }
      if (error instanceof undiciErrors.RequestAbortedError || request.signal.aborted) throw error
      throw new GatewayError('upstream_unreachable', `${url.host}: ${code ?? (error as Error).message}`, {
        cause: error,
      })
    }
  }
}

function guardedLookup(policy: AddressPolicy, resolver: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const refused = addresses.map((entry) => policy.refusal(entry.address)).find((reason) => reason)
      if (refused) return callback(privateAddressError(hostname, refused), [])
      const first = addresses[0]
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' }), [])
      if (options.all) return callback(null, addresses)
      callback(null, first.address, first.family)
    })
  }
}

function refusalFor(policy: AddressPolicy, socket: Socket): string | undefined {
  const address = socket.remoteAddress
  if (address === undefined) return 'the connected address is unknown'
  return policy.refusal(address)
}

function privateAddressError(hostname: string, reason: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `custom provider host ${hostname} was refused: ${reason} (allow it with custom_providers.allow_private_networks or allowed_networks)`,
  )
  error.code = PRIVATE_ADDRESS
  return error
}
