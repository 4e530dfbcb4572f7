import type { Page } from '../stores.js'

/** Stores for account-level policy objects: DLP profiles and dynamic routes. */
/** F214: one DLP profile document of an account (a custom profile, or the account's settings of a predefined one). */
export interface DlpProfileRecord {
  accountId: string
  id: string
  type: 'custom' | 'predefined'
  createdAt: string
  /** The profile in the `cloudflare` SDK's shape; src/policy/dlp owns its schema, the store keeps it as JSON. */
  document: Record<string, unknown>
}

export interface DlpProfileStore {
  /** Oldest first, ties by id. */
  list(accountId: string): Promise<DlpProfileRecord[]>
  get(accountId: string, id: string): Promise<DlpProfileRecord | undefined>
  /** Returns false when the id is already taken in the account. */
  create(record: DlpProfileRecord): Promise<boolean>
  /** Returns false when no such profile exists. */
  update(record: DlpProfileRecord): Promise<boolean>
  /** Creates or replaces. */
  put(record: DlpProfileRecord): Promise<void>
  delete(accountId: string, id: string): Promise<boolean>
}

/** A dynamic route of one gateway (F186, F199): its name is what clients call as `dynamic/<name>`. */
export interface DynamicRouteRecord {
  id: string
  accountId: string
  gatewayId: string
  name: string
  createdAt: string
  modifiedAt: string
}

/** One saved version of a route's elements (F196); src/dynamic-routes owns their schema, the store keeps JSON. */
export interface RouteVersionRecord {
  id: string
  routeId: string
  elements: Array<Record<string, unknown>>
  comment: string | null
  createdAt: string
}

/** Making a version live (F196); the newest deployment of a route is the one serving traffic. */
export interface RouteDeploymentRecord {
  id: string
  routeId: string
  versionId: string
  comment: string | null
  createdAt: string
}

export interface DeployedRoute {
  route: DynamicRouteRecord
  version: RouteVersionRecord
  deployment: RouteDeploymentRecord
}

export type RouteRename = 'updated' | 'not_found' | 'name_taken'

/**
 * Dynamic routes with their versions and deployments (F186–F199). Lists are newest first (insertion order,
 * so equal timestamps still sort); everything is scoped by account and gateway.
 */
export interface RouteStore {
  list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<DynamicRouteRecord>>
  get(accountId: string, gatewayId: string, id: string): Promise<DynamicRouteRecord | undefined>
  /** The route with its first version and, when given, its first deployment, all or nothing; false when the name is taken. */
  create(
    route: DynamicRouteRecord,
    version: RouteVersionRecord,
    deployment: RouteDeploymentRecord | undefined,
  ): Promise<boolean>
  rename(accountId: string, gatewayId: string, id: string, name: string, at: string): Promise<RouteRename>
  /** Removes the route with its versions and deployments. */
  delete(accountId: string, gatewayId: string, id: string): Promise<boolean>
  /** Removes every route of a gateway (the gateway was deleted) and returns how many went. */
  deleteGateway(accountId: string, gatewayId: string): Promise<number>
  /** False when the route does not exist; sets the route's `modifiedAt` to `at`. */
  addVersion(accountId: string, gatewayId: string, version: RouteVersionRecord, at: string): Promise<boolean>
  listVersions(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteVersionRecord>>
  getVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
    versionId: string,
  ): Promise<RouteVersionRecord | undefined>
  latestVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteVersionRecord | undefined>
  /** False when the route or the deployed version (of that route) does not exist; sets `modifiedAt` to `at`. */
  deploy(
    accountId: string,
    gatewayId: string,
    deployment: RouteDeploymentRecord,
    at: string,
  ): Promise<boolean>
  listDeployments(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteDeploymentRecord>>
  currentDeployment(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteDeploymentRecord | undefined>
  /** The data plane's one lookup: the deployed version of the route called `name`; undefined when none is live. */
  deployed(accountId: string, gatewayId: string, name: string): Promise<DeployedRoute | undefined>
}
