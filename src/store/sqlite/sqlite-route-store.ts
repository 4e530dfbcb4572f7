import type Database from 'better-sqlite3'
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

interface RouteRow {
  id: string
  account_id: string
  gateway_id: string
  name: string
  created_at: string
  modified_at: string
}

interface VersionRow {
  id: string
  route_id: string
  elements: string
  comment: string | null
  created_at: string
}

interface DeploymentRow {
  id: string
  route_id: string
  version_id: string
  comment: string | null
  created_at: string
}

type Scope = [accountId: string, gatewayId: string]

const ROUTE = 'r.id, r.account_id, r.gateway_id, r.name, r.created_at, r.modified_at'
const VERSION = 'v.id, v.route_id, v.elements, v.comment, v.created_at'
const DEPLOYMENT = 'd.id, d.route_id, d.version_id, d.comment, d.created_at'
/** Versions and deployments are reached through their route, so a route id of another gateway finds nothing. */
const OWNED = 'JOIN dynamic_routes r ON r.id = %.route_id AND r.account_id = ? AND r.gateway_id = ?'

/** Routes, versions and deployments in three tables; deleting a route cascades to the rest. */
export class SqliteRouteStore implements RouteStore {
  private readonly statements: ReturnType<typeof prepare>

  constructor(private readonly db: Database.Database) {
    this.statements = prepare(db)
  }

  async list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<DynamicRouteRecord>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    const rows = this.statements.listRoutes.all(accountId, gatewayId, perPage, offset)
    const total = this.statements.countRoutes.get(accountId, gatewayId)?.n ?? 0
    return { items: rows.map(routeOf), total }
  }

  async get(accountId: string, gatewayId: string, id: string): Promise<DynamicRouteRecord | undefined> {
    const row = this.statements.getRoute.get(accountId, gatewayId, id)
    return row ? routeOf(row) : undefined
  }

  async create(
    route: DynamicRouteRecord,
    version: RouteVersionRecord,
    deployment: RouteDeploymentRecord | undefined,
  ): Promise<boolean> {
    const { insertRoute, insertVersion, insertDeployment } = this.statements
    const insert = this.db.transaction((): boolean => {
      const inserted = insertRoute.run(
        route.id,
        route.accountId,
        route.gatewayId,
        route.name,
        route.createdAt,
        route.modifiedAt,
      )
      if (inserted.changes === 0) return false
      insertVersion.run(...versionParams(version))
      if (deployment) insertDeployment.run(...deploymentParams(deployment))
      return true
    })
    return insert.immediate()
  }

  async rename(
    accountId: string,
    gatewayId: string,
    id: string,
    name: string,
    at: string,
  ): Promise<RouteRename> {
    const { getRoute, routeByName, renameRoute } = this.statements
    const rename = this.db.transaction((): RouteRename => {
      if (!getRoute.get(accountId, gatewayId, id)) return 'not_found'
      const holder = routeByName.get(accountId, gatewayId, name)
      if (holder && holder.id !== id) return 'name_taken'
      renameRoute.run(name, at, accountId, gatewayId, id)
      return 'updated'
    })
    return rename.immediate()
  }

  async delete(accountId: string, gatewayId: string, id: string): Promise<boolean> {
    return this.statements.deleteRoute.run(accountId, gatewayId, id).changes === 1
  }

  async deleteGateway(accountId: string, gatewayId: string): Promise<number> {
    return this.statements.deleteGatewayRoutes.run(accountId, gatewayId).changes
  }

  async addVersion(
    accountId: string,
    gatewayId: string,
    version: RouteVersionRecord,
    at: string,
  ): Promise<boolean> {
    const { touchRoute, insertVersion } = this.statements
    const add = this.db.transaction((): boolean => {
      if (touchRoute.run(at, accountId, gatewayId, version.routeId).changes === 0) return false
      insertVersion.run(...versionParams(version))
      return true
    })
    return add.immediate()
  }

  async listVersions(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteVersionRecord>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    const scope: Scope = [accountId, gatewayId]
    const rows = this.statements.listVersions.all(...scope, routeId, perPage, offset)
    const total = this.statements.countVersions.get(...scope, routeId)?.n ?? 0
    return { items: rows.map(versionOf), total }
  }

  async getVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
    versionId: string,
  ): Promise<RouteVersionRecord | undefined> {
    const row = this.statements.getVersion.get(accountId, gatewayId, routeId, versionId)
    return row ? versionOf(row) : undefined
  }

  async latestVersion(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteVersionRecord | undefined> {
    const row = this.statements.listVersions.get(accountId, gatewayId, routeId, 1, 0)
    return row ? versionOf(row) : undefined
  }

  async deploy(
    accountId: string,
    gatewayId: string,
    deployment: RouteDeploymentRecord,
    at: string,
  ): Promise<boolean> {
    const { getVersion, touchRoute, insertDeployment } = this.statements
    const deploy = this.db.transaction((): boolean => {
      if (!getVersion.get(accountId, gatewayId, deployment.routeId, deployment.versionId)) return false
      touchRoute.run(at, accountId, gatewayId, deployment.routeId)
      insertDeployment.run(...deploymentParams(deployment))
      return true
    })
    return deploy.immediate()
  }

  async listDeployments(
    accountId: string,
    gatewayId: string,
    routeId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<RouteDeploymentRecord>> {
    const { offset, perPage } = checkPage(paging.page, paging.perPage)
    const scope: Scope = [accountId, gatewayId]
    const rows = this.statements.listDeployments.all(...scope, routeId, perPage, offset)
    const total = this.statements.countDeployments.get(...scope, routeId)?.n ?? 0
    return { items: rows.map(deploymentOf), total }
  }

  async currentDeployment(
    accountId: string,
    gatewayId: string,
    routeId: string,
  ): Promise<RouteDeploymentRecord | undefined> {
    const row = this.statements.listDeployments.get(accountId, gatewayId, routeId, 1, 0)
    return row ? deploymentOf(row) : undefined
  }

  async deployed(accountId: string, gatewayId: string, name: string): Promise<DeployedRoute | undefined> {
    const row = this.statements.deployed.get(accountId, gatewayId, name)
    if (!row) return undefined
    return {
      route: routeOf(row),
      version: versionOf({
        id: row.v_id,
        route_id: row.id,
        elements: row.v_elements,
        comment: row.v_comment,
        created_at: row.v_created_at,
      }),
      deployment: deploymentOf({
        id: row.d_id,
        route_id: row.id,
        version_id: row.v_id,
        comment: row.d_comment,
        created_at: row.d_created_at,
      }),
    }
  }
}

interface DeployedRow extends RouteRow {
  v_id: string
  v_elements: string
  v_comment: string | null
  v_created_at: string
  d_id: string
  d_comment: string | null
  d_created_at: string
}

function prepare(db: Database.Database) {
  const owned = (alias: string) => OWNED.replace('%', alias)
  return {
    listRoutes: db.prepare<[string, string, number, number], RouteRow>(
      `SELECT ${ROUTE} FROM dynamic_routes r WHERE r.account_id = ? AND r.gateway_id = ?
       ORDER BY r.seq DESC LIMIT ? OFFSET ?`,
    ),
    countRoutes: db.prepare<Scope, { n: number }>(
      'SELECT count(*) AS n FROM dynamic_routes WHERE account_id = ? AND gateway_id = ?',
    ),
    getRoute: db.prepare<[string, string, string], RouteRow>(
      `SELECT ${ROUTE} FROM dynamic_routes r WHERE r.account_id = ? AND r.gateway_id = ? AND r.id = ?`,
    ),
    routeByName: db.prepare<[string, string, string], RouteRow>(
      `SELECT ${ROUTE} FROM dynamic_routes r WHERE r.account_id = ? AND r.gateway_id = ? AND r.name = ?`,
    ),
    insertRoute: db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO dynamic_routes (id, account_id, gateway_id, name, created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, gateway_id, name) DO NOTHING`,
    ),
    renameRoute: db.prepare<[string, string, string, string, string]>(
      'UPDATE dynamic_routes SET name = ?, modified_at = ? WHERE account_id = ? AND gateway_id = ? AND id = ?',
    ),
    touchRoute: db.prepare<[string, string, string, string]>(
      'UPDATE dynamic_routes SET modified_at = ? WHERE account_id = ? AND gateway_id = ? AND id = ?',
    ),
    deleteRoute: db.prepare<[string, string, string]>(
      'DELETE FROM dynamic_routes WHERE account_id = ? AND gateway_id = ? AND id = ?',
    ),
    deleteGatewayRoutes: db.prepare<Scope>(
      'DELETE FROM dynamic_routes WHERE account_id = ? AND gateway_id = ?',
    ),
    insertVersion: db.prepare<[string, string, string, string | null, string]>(
      'INSERT INTO dynamic_route_versions (id, route_id, elements, comment, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    listVersions: db.prepare<[string, string, string, number, number], VersionRow>(
      `SELECT ${VERSION} FROM dynamic_route_versions v ${owned('v')}
       WHERE v.route_id = ? ORDER BY v.seq DESC LIMIT ? OFFSET ?`,
    ),
    countVersions: db.prepare<[string, string, string], { n: number }>(
      `SELECT count(*) AS n FROM dynamic_route_versions v ${owned('v')} WHERE v.route_id = ?`,
    ),
    getVersion: db.prepare<[string, string, string, string], VersionRow>(
      `SELECT ${VERSION} FROM dynamic_route_versions v ${owned('v')} WHERE v.route_id = ? AND v.id = ?`,
    ),
    insertDeployment: db.prepare<[string, string, string, string | null, string]>(
      `INSERT INTO dynamic_route_deployments (id, route_id, version_id, comment, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    listDeployments: db.prepare<[string, string, string, number, number], DeploymentRow>(
      `SELECT ${DEPLOYMENT} FROM dynamic_route_deployments d ${owned('d')}
       WHERE d.route_id = ? ORDER BY d.seq DESC LIMIT ? OFFSET ?`,
    ),
    countDeployments: db.prepare<[string, string, string], { n: number }>(
      `SELECT count(*) AS n FROM dynamic_route_deployments d ${owned('d')} WHERE d.route_id = ?`,
    ),
    deployed: db.prepare<[string, string, string], DeployedRow>(
      `SELECT ${ROUTE}, v.id AS v_id, v.elements AS v_elements, v.comment AS v_comment,
              v.created_at AS v_created_at, d.id AS d_id, d.comment AS d_comment, d.created_at AS d_created_at
       FROM dynamic_routes r
       JOIN dynamic_route_deployments d ON d.seq = (
         SELECT max(seq) FROM dynamic_route_deployments WHERE route_id = r.id)
       JOIN dynamic_route_versions v ON v.id = d.version_id
       WHERE r.account_id = ? AND r.gateway_id = ? AND r.name = ?`,
    ),
  }
}

function versionParams(version: RouteVersionRecord): [string, string, string, string | null, string] {
  return [version.id, version.routeId, JSON.stringify(version.elements), version.comment, version.createdAt]
}

function deploymentParams(
  deployment: RouteDeploymentRecord,
): [string, string, string, string | null, string] {
  return [deployment.id, deployment.routeId, deployment.versionId, deployment.comment, deployment.createdAt]
}

function routeOf(row: RouteRow): DynamicRouteRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    gatewayId: row.gateway_id,
    name: row.name,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  }
}

function versionOf(row: VersionRow): RouteVersionRecord {
  return {
    id: row.id,
    routeId: row.route_id,
    elements: JSON.parse(row.elements) as RouteVersionRecord['elements'],
    comment: row.comment,
    createdAt: row.created_at,
  }
}

function deploymentOf(row: DeploymentRow): RouteDeploymentRecord {
  return {
    id: row.id,
    routeId: row.route_id,
    versionId: row.version_id,
    comment: row.comment,
    createdAt: row.created_at,
  }
}
