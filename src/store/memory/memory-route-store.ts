import type {
  DeployedRoute,
  DynamicRouteRecord,
  Page,
  RouteDeploymentRecord,
  RouteRename,
  RouteStore,
  RouteVersionRecord,
} from '../../core/stores.js'
import { checkPage } from '../paging.js'

interface StoredRoute {
  record: DynamicRouteRecord
  /** Oldest first; elements kept as JSON text, as the SQL store keeps them, so callers never share state. */
  versions: Array<{ record: Omit<RouteVersionRecord, 'elements'>; elements: string }>
  deployments: RouteDeploymentRecord[]
}

/** Routes in insertion order per gateway; each route owns its versions and deployments. */
export class MemoryRouteStore implements RouteStore {
  private readonly gateways = new Map<string, Map<string, StoredRoute>>()

  async list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<DynamicRouteRecord>> {
    const routes = [...(this.gateways.get(gatewayKey(accountId, gatewayId))?.values() ?? [])]
    return newestFirst(
      routes.map((route) => route.record),
      paging,
    )
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<DynamicRouteRecord | undefined> {
    const route = this.route(accountId, gatewayId, id)
    return route ? { ...route.record } : undefined
  }

  async create(
    route: DynamicRouteRecord,
    version: RouteVersionRecord,
    deployment: RouteDeploymentRecord | undefined,
  ): Promise<boolean> {
    const routes = this.routesOf(route.accountId, route.gatewayId)
    if (routes.has(route.id)) throw new Error(`route id ${route.id} already exists`)
    if ([...routes.values()].some((other) => other.record.name === route.name)) return false
    routes.set(route.id, {
      record: { ...route },
      versions: [stored(version)],
      deployments: deployment ? [{ ...deployment }] : [],
    })
    return true
  }

  async rename(
    accountId: string,
    gatewayId: string,
    id: string,
    name: string,
    at: string,
  ): Promise<RouteRename> {
    const routes = this.gateways.get(gatewayKey(accountId, gatewayId))
    const route = routes?.get(id)
    if (!routes || !route) return 'not_found'
    if ([...routes.values()].some((other) => other !== route && other.record.name === name)) {
      return 'name_taken'
    }
    route.record = { ...route.record, name, modifiedAt: at }
    return 'updated'
  }

  async delete(accountId: string, gatewayId: string, id: string): Promise<boolean> {
    return this.gateways.get(gatewayKey(accountId, gatewayId))?.delete(id) ?? false
  }

  async deleteGateway(accountId: string, gatewayId: string): Promise<number> {
    const key = gatewayKey(accountId, gatewayId)
    const count = this.gateways.get(key)?.size ?? 0
    this.gateways.delete(key)
    return count
  }

  async addVersion(
    accountId: string,
    gatewayId: string,
    version: RouteVersionRecord,
    at: string,
  ): Promise<boolean> {
    const route = this.route(accountId, gatewayId, version.routeId)
    if (!route) return false
    route.versions.push(stored(version))
    route.record = { ...route.record, modifiedAt: at }
    return true
  }

  async listVersions(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteVersionRecord>> {
    const versions = this.route(accountId, gatewayId, routeId)?.versions ?? []
    const page = newestFirst(versions, paging)
    return { items: page.items.map(loaded), total: page.total }
  }

  async getVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
    versionId: string,
  ): Promise<RouteVersionRecord | undefined> {
    const version = this.route(accountId, gatewayId, routeId)?.versions.find((v) => v.record.id === versionId)
    return version ? loaded(version) : undefined
  }

  async latestVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteVersionRecord | undefined> {
    const version = this.route(accountId, gatewayId, routeId)?.versions.at(-1)
    return version ? loaded(version) : undefined
  }

  async deploy(
    accountId: string,
    gatewayId: string,
    deployment: RouteDeploymentRecord,
    at: string,
  ): Promise<boolean> {
    const route = this.route(accountId, gatewayId, deployment.routeId)
    if (!route?.versions.some((version) => version.record.id === deployment.versionId)) return false
    route.deployments.push({ ...deployment })
    route.record = { ...route.record, modifiedAt: at }
    return true
  }

  async listDeployments(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteDeploymentRecord>> {
    return newestFirst(this.route(accountId, gatewayId, routeId)?.deployments ?? [], paging)
  }

  async currentDeployment(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteDeploymentRecord | undefined> {
    const deployment = this.route(accountId, gatewayId, routeId)?.deployments.at(-1)
    return deployment ? { ...deployment } : undefined
  }

  async deployed(accountId: string, gatewayId: string, name: string): Promise<DeployedRoute | undefined> {
    const routes = this.gateways.get(gatewayKey(accountId, gatewayId))
    const route = [...(routes?.values() ?? [])].find((candidate) => candidate.record.name === name)
    const deployment = route?.deployments.at(-1)
    const version = route?.versions.find((candidate) => candidate.record.id === deployment?.versionId)
    if (!route || !deployment || !version) return undefined
    return { route: { ...route.record }, version: loaded(version), deployment: { ...deployment } }
  }

  private route(accountId: string, gatewayId: string, id: string): StoredRoute | undefined {
    return this.gateways.get(gatewayKey(accountId, gatewayId))?.get(id)
  }

  private routesOf(accountId: string, gatewayId: string): Map<string, StoredRoute> {
    const key = gatewayKey(accountId, gatewayId)
    let routes = this.gateways.get(key)
    if (!routes) {
      routes = new Map()
      this.gateways.set(key, routes)
    }
    return routes
  }
}

function gatewayKey(accountId: string, gatewayId: string): string {
  return `${accountId}\0${gatewayId}`
}

function stored(version: RouteVersionRecord): StoredRoute['versions'][number] {
  const { elements, ...record } = version
  return { record, elements: JSON.stringify(elements) }
}

function loaded(version: StoredRoute['versions'][number]): RouteVersionRecord {
  return { ...version.record, elements: JSON.parse(version.elements) as RouteVersionRecord['elements'] }
}

/** `items` are kept oldest first; a page counts from the newest. Copies, so callers never share state. */
function newestFirst<T extends object>(
  items: readonly T[],
  paging: { page: number; perPage: number },
): Page<T> {
  const { offset, perPage } = checkPage(paging.page, paging.perPage)
  const page = [...items]
    .reverse()
    .slice(offset, offset + perPage)
    .map((item) => ({ ...item }))
  return { items: page, total: items.length }
}
