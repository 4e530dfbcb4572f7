import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createAdminApi } from './admin/index.js'
import { ResponseCache } from './cache/response-cache.js'
import { TokenVerifier } from './auth/api-tokens.js'
import { bootstrap } from './bootstrap.js'
import type { Config } from './config/config.js'
import { systemClock, type Clock } from './core/clock.js'
import { createIdFactory } from './core/ids.js'
import type { Stores } from './core/stores.js'
import { createGateway } from './gateway.js'
import { createKeyServices } from './byok/key-services.js'
import { VertexTokenMinter } from './providers/auth/vertex-service-account.js'
import { GatewayDirectory } from './gateways/directory.js'
import { createHttpServer } from './http/server.js'
import { systemSleep, type Sleep } from './limits/sleep.js'
import { LogWriter } from './logging/log-writer.js'
import type { Services } from './pipeline/context.js'
import { RequestEvents } from './pipeline/events.js'
import { createSqliteStores } from './store/sqlite/create-sqlite-stores.js'
import { createUpstreamClient } from './upstream/client.js'
import { RetypedRequestEvents } from './websocket/retyped-events.js'
import { createWebSocketGateway } from './websocket/websocket-gateway.js'
import { createPricing } from './usage/pricing.js'
import { SpendLimiter } from './spend/spend-limiter.js'
import { spendRoutes } from './spend/spend-routes.js'
import { dlpProfileRoutes } from './admin/dlp-profiles.js'
import { dynamicRouteRoutes } from './admin/dynamic-routes.js'
import { DynamicRoutes } from './dynamic-routes/dynamic-routes.js'
import { DlpProfileDirectory } from './policy/dlp/profile-directory.js'

export interface App {
  accountId: string
  url: string
  notices: string[]
  stores: Stores
  /** Writes queued log entries now (tests; shutdown does it too). */
  flushLogs(): Promise<void>
  /** SIGTERM semantics: stop accepting, drain in-flight requests within the grace period, flush logs, close stores. */
  shutdown(): Promise<void>
}

/** Composition root: config → stores → services → servers (ARCHITECTURE principle 5). */
export async function startApp(
  config: Config,
  clock: Clock = systemClock,
  timers: { sleep?: Sleep } = {},
): Promise<App> {
  mkdirSync(config.dataDir, { recursive: true })
  const stores = createSqliteStores(join(config.dataDir, 'aigw.sqlite'), {
    clock,
    cache: {
      memoryBytes: config.cache.memoryBytes,
      thresholdBytes: config.cache.sqliteThresholdBytes,
      diskBytes: config.cache.diskBytes,
    },
  })
  const { accountId, notices } = await bootstrap(config, stores, new Date(clock.now()))

  const tokens = new TokenVerifier(stores.tokens, () => clock.now())
  const gateways = new GatewayDirectory(stores, clock)
  const events = new RequestEvents()
  const cache = new ResponseCache(stores.cache, {
    maxEntryBytes: config.cache.maxEntryBytes,
    coalesceWaitMs: config.cache.coalesceWaitMs,
  })
  const pricing = createPricing({ overrides: config.pricing })
  // Tests and private mirrors point Vertex at a local upstream; their service accounts name a local token_uri.
  const vertex = new VertexTokenMinter({
    clock,
    allowAnyTokenUri: config.upstreams['google-vertex-ai'] !== undefined,
  })
  // F223–F244: stored keys, custom providers, credits; custom-provider traffic goes through a checked pool.
  const keys = await createKeyServices({
    config,
    stores,
    clock,
    upstream: createUpstreamClient(),
    vertex,
    events,
    cost: (provider, model, usage) => pricing.cost(provider, model, usage),
    invalidateProvider: (slug) => cache.invalidateProvider(slug),
  })
  notices.push(...keys.notices)
  const upstream = keys.upstream
  const logWriter = new LogWriter({
    store: stores.logs,
    cost: (provider, model, usage) => pricing.cost(provider, model, usage),
    settings: (account, gateway) => gateways.get(account, gateway),
    flushIntervalMs: config.logs.flushIntervalMs,
    batchSize: config.logs.batchSize,
  })
  events.onRequestEnd(logWriter.accept)
  // F147, F233: holds taken by the spend-limit stage are settled with the actual cost when a request ends.
  const spend = new SpendLimiter({ ledger: stores.spend, pricing, clock })
  events.onRequestEnd(spend.settleRequest)
  // F186–F199: deployed dynamic routes; their cost limits settle with each request's cost when it ends.
  const dynamicRoutes = new DynamicRoutes({
    store: stores.routes,
    counters: stores.counters,
    spend: stores.spend,
    clock,
    cost: (provider, model, usage) => pricing.cost(provider, model, usage),
  })
  events.onRequestEnd(dynamicRoutes.accept)

  // F214: each account's DLP profiles, compiled once and recompiled when the management API changes them.
  const dlpProfiles = new DlpProfileDirectory(stores.dlpProfiles, clock)
  const services: Services = {
    config,
    clock,
    ids: createIdFactory(),
    gateways,
    tokens,
    upstream,
    events,
    pricing,
    vertex,
    cache,
    counters: stores.counters,
    sleep: timers.sleep ?? systemSleep,
    storedKeys: keys.storedKeys,
    customProviders: keys.customProviders,
    credits: keys.credits,
    dlpProfiles,
    spend,
    dynamicRoutes,
  }
  const gateway = createGateway(services)
  // F055: Universal requests that arrive as WebSocket frames are logged as `websocket`.
  const websockets = createWebSocketGateway({
    services,
    frames: createGateway({ ...services, events: new RetypedRequestEvents(events, 'websocket') }),
  })
  const admin = createAdminApi(
    {
      stores,
      tokens,
      clock,
      onGatewayChanged: (account: string, id: string) => {
        gateways.invalidate(account, id)
        // F095: runs within the same tick on the embedded stores, before the admin response is written.
        cache.gatewayChanged(stores.gateways, account, id).catch((error: unknown) => {
          console.error('aigw: cache invalidation failed', error)
        })
        keys.gatewayChanged(account, id).catch((error: unknown) => {
          console.error('aigw: removing a deleted gateway’s stored keys failed', error)
        })
        dynamicRoutes.gatewayChanged(stores.gateways, account, id).catch((error: unknown) => {
          console.error('aigw: removing a deleted gateway’s dynamic routes failed', error)
        })
      },
    },
    [
      ...keys.routes,
      ...dynamicRouteRoutes({
        routes: stores.routes,
        onChanged: (account, gatewayId) => dynamicRoutes.invalidate(account, gatewayId),
      }),
      ...dlpProfileRoutes({
        store: stores.dlpProfiles,
        onChanged: (account) => dlpProfiles.invalidate(account),
      }),
      ...spendRoutes(stores.spend),
    ],
  )
  const http = createHttpServer({ gateway, admin, websockets })
  const address = await http.listen(config.port, config.host)
  const host = address.host.includes(':') ? `[${address.host}]` : address.host

  return {
    accountId,
    url: `http://${host}:${address.port}`,
    notices,
    stores,
    // Request:end subscribers that write: logs, credit spends, stored keys' last use (F225, F231), spend limits (F147).
    flushLogs: async () => {
      await logWriter.flush()
      await keys.flush()
      await spend.flush()
    },
    async shutdown() {
      await http.shutdown(config.limits.shutdownGraceMs)
      await logWriter.flush()
      await keys.flush()
      await spend.flush()
      await upstream.close()
      await stores.close()
    },
  }
}
