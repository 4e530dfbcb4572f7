import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { RouteStore } from '../core/stores.js'
import { compileRoute, type CompiledRoute } from './compile-route.js'
import type { RouteElement } from './elements.js'
import { parseRouteElements } from './parse-route.js'
import { InvalidRoute } from './problems.js'

/** The version of a route that serves traffic, ready to run. */
export interface LiveRoute {
  readonly routeId: string
  readonly name: string
  readonly versionId: string
  readonly deploymentId: string
  readonly compiled: CompiledRoute
}

export interface RouteDirectoryOptions {
  store: RouteStore
  clock: Clock
  /** Bounds staleness when another process deployed; this process invalidates on its own writes. */
  ttlMs?: number
  maxEntries?: number
}

interface Entry {
  live: LiveRoute | undefined
  expiresAt: number
}

/**
 * The data plane's view of deployed routes (F186, F196): `dynamic/<name>` → the compiled deployed version.
 * Lookups are cached briefly (misses too); the management API drops a gateway's entries on every write, so a
 * deployment or rollback applies to the next request. Versions never change once saved, so each is compiled
 * once and kept by version id.
 */
export class RouteDirectory {
  private readonly cache = new Map<string, Entry>()
  private readonly compiled = new Map<string, CompiledRoute>()
  private readonly ttlMs: number
  private readonly maxEntries: number

  constructor(private readonly options: RouteDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 5_000
    this.maxEntries = options.maxEntries ?? 10_000
  }

  async find(accountId: string, gatewayId: string, name: string): Promise<LiveRoute | undefined> {
    const key = `${accountId}\0${gatewayId}\0${name}`
    const now = this.options.clock.now()
    const hit = this.cache.get(key)
    if (hit && hit.expiresAt > now) return hit.live
    const live = await this.load(accountId, gatewayId, name)
    if (this.cache.size >= this.maxEntries) this.cache.clear()
    this.cache.set(key, { live, expiresAt: now + this.ttlMs })
    return live
  }

  invalidate(accountId: string, gatewayId: string): void {
    const prefix = `${accountId}\0${gatewayId}\0`
    for (const key of this.cache.keys()) if (key.startsWith(prefix)) this.cache.delete(key)
  }

  private async load(accountId: string, gatewayId: string, name: string): Promise<LiveRoute | undefined> {
    const deployed = await this.options.store.deployed(accountId, gatewayId, name)
    if (!deployed) return undefined
    const { route, version, deployment } = deployed
    let compiled = this.compiled.get(version.id)
    if (!compiled) {
      compiled = compileRoute(revalidated(route.name, version.id, version.elements))
      if (this.compiled.size >= this.maxEntries) this.compiled.clear()
      this.compiled.set(version.id, compiled)
    }
    return {
      routeId: route.id,
      name: route.name,
      versionId: version.id,
      deploymentId: deployment.id,
      compiled,
    }
  }
}

/**
 * Stored elements were validated on save; checking again guards against versions that an older release
 * accepted but this one would not (a provider that is gone), which would otherwise fail obscurely mid-route.
 */
function revalidated(name: string, versionId: string, elements: unknown): RouteElement[] {
  try {
    return parseRouteElements(elements)
  } catch (error) {
    if (!(error instanceof InvalidRoute)) throw error
    throw new GatewayError(
      'internal',
      `the deployed version ${versionId} of dynamic route "${name}" is no longer valid (${error.message}); deploy a corrected version`,
    )
  }
}
