import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Cloudflare from 'cloudflare'
import { createAdminApi } from '../../../src/admin/index.js'
import type { AdminHandler } from '../../../src/admin/types.js'
import { hashToken, TokenVerifier, tokenPreview } from '../../../src/auth/api-tokens.js'
import type { Permission, Stores } from '../../../src/core/stores.js'
import { createMemoryStores } from '../../../src/store/memory/create-memory-stores.js'

/**
 * The management API on a real socket, adapted the way the http layer does it: `/client/v4` stripped, the
 * body read whole, objects sent as JSON, strings as text (the handler's headers win), bytes as they are.
 */
export interface AdminServer {
  baseURL: string
  close(): Promise<void>
}

export async function startAdminServer(handler: AdminHandler): Promise<AdminServer> {
  const server: Server = createServer((message, response) => {
    void (async () => {
      const url = new URL(message.url ?? '/', 'http://placeholder')
      if (!url.pathname.startsWith('/client/v4/')) {
        response.writeHead(404).end()
        return
      }
      const reply = await handler({
        method: message.method ?? 'GET',
        path: (message.url ?? '/').split('?', 1)[0]!.slice('/client/v4'.length),
        query: url.searchParams,
        headers: message.headers,
        body: await readBody(message),
      })
      if (reply.body instanceof Uint8Array) {
        response.writeHead(reply.status, reply.headers).end(reply.body)
      } else if (typeof reply.body === 'string') {
        response
          .writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers })
          .end(reply.body)
      } else {
        const text = JSON.stringify(reply.body)
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(text)
      }
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/client/v4`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A started admin API over fresh in-memory stores, with one account and helpers to mint tokens and clients. */
export interface AdminHarness {
  accountId: string
  stores: Stores
  clock: { now(): number; advance(ms: number): void }
  server: AdminServer
  changed: Array<{ accountId: string; gatewayId: string }>
  /** Stores a token directly (as bootstrap would) and returns its secret. */
  mintToken(permissions: Permission[], accountId?: string): Promise<string>
  client(apiToken: string): Cloudflare
  /** Raw HTTP for what the SDK cannot express (bad JSON, wrong methods, odd query strings). */
  fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response>
  close(): Promise<void>
}

export async function startAdminHarness(start = Date.parse('2025-01-01T00:00:00Z')): Promise<AdminHarness> {
  const stores = createMemoryStores()
  let now = start
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) }
  const accountId = '0123456789abcdef0123456789abcdef'
  await stores.accounts.create({ id: accountId, createdAt: new Date(now).toISOString() })
  const changed: AdminHarness['changed'] = []
  const tokens = new TokenVerifier(stores.tokens, clock.now)
  const handler = createAdminApi({
    stores,
    tokens,
    clock,
    onGatewayChanged: (account, gatewayId) => changed.push({ accountId: account, gatewayId }),
  })
  const server = await startAdminServer(handler)
  let counter = 0
  return {
    accountId,
    stores,
    clock,
    server,
    changed,
    async mintToken(permissions, account = accountId) {
      counter += 1
      const secret = `aigw_test_${counter}_${permissions.join('_')}_${Math.random().toString(36).slice(2)}`
      await stores.tokens.create({
        id: `tok${counter}`,
        accountId: account,
        name: `test ${counter}`,
        hash: hashToken(secret),
        preview: tokenPreview(secret),
        permissions,
        createdAt: new Date(now).toISOString(),
        lastUsedAt: null,
        expiresAt: null,
      })
      return secret
    },
    client: (apiToken) => new Cloudflare({ apiToken, baseURL: server.baseURL, maxRetries: 0 }),
    fetch: (path, init = {}) => {
      const { token, headers, ...rest } = init
      return fetch(`${server.baseURL}${path}`, {
        ...rest,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(headers as Record<string, string>),
        },
      })
    },
    close: () => server.close(),
  }
}
