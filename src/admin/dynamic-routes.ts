import { randomUUID } from 'node:crypto'
import type {
  DynamicRouteRecord,
  RouteDeploymentRecord,
  RouteStore,
  RouteVersionRecord,
} from '../core/stores.js'
import type { RouteElement } from '../dynamic-routes/elements.js'
import { parseRouteElements } from '../dynamic-routes/parse-route.js'
import { InvalidRoute } from '../dynamic-routes/problems.js'
import { AdminError, adminError, validationError } from './admin-errors.js'
import { deploymentView, routeVersionView, routeView, versionView } from './dynamic-routes-view.js'
import { ok } from './envelope.js'
import { existing } from './gateways.js'
import { readPaging, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import type { AdminResponse } from './types.js'
import { preview } from './validation.js'

/**
 * Dynamic routes per gateway (F186–F199) in the `cloudflare` SDK's `aiGateway.dynamicRouting` shape.
 * Creating a route saves version 1 and deploys it at once; `createVersion` saves a draft that serves
 * nothing until it is deployed; deploying an older version is the rollback (F196). `list`, `update`,
 * `listVersions` and `listDeployments` are not unwrapped by the SDK, so those answers carry their payload
 * under the SDK's key (`data` / `route`) as well as the envelope's `result`.
 */
export interface DynamicRouteRoutesDeps {
  routes: RouteStore
  /** After every write, so the data plane serves the new deployment on the next request. */
  onChanged(accountId: string, gatewayId: string): void
}

const DEFAULT_PER_PAGE = 20
const MAX_PER_PAGE = 100
const COLLECTION = '/accounts/:account_id/ai-gateway/gateways/:gateway_id/routes'
const NAME = /^[^\s/\p{Cc}]{1,64}$/u

export function dynamicRouteRoutes(deps: DynamicRouteRoutesDeps): Route[] {
  const h = new DynamicRouteHandlers(deps)
  return [
    {
      pattern: COLLECTION,
      methods: {
        GET: { access: 'read', handle: (ctx) => h.list(ctx) },
        POST: { access: 'edit', handle: (ctx) => h.create(ctx) },
      },
    },
    {
      pattern: `${COLLECTION}/:route_id`,
      methods: {
        GET: { access: 'read', handle: (ctx) => h.get(ctx) },
        PATCH: { access: 'edit', handle: (ctx) => h.rename(ctx) },
        DELETE: { access: 'edit', handle: (ctx) => h.remove(ctx) },
      },
    },
    {
      pattern: `${COLLECTION}/:route_id/versions`,
      methods: {
        GET: { access: 'read', handle: (ctx) => h.listVersions(ctx) },
        POST: { access: 'edit', handle: (ctx) => h.createVersion(ctx) },
      },
    },
    {
      pattern: `${COLLECTION}/:route_id/versions/:version_id`,
      methods: { GET: { access: 'read', handle: (ctx) => h.getVersion(ctx) } },
    },
    {
      pattern: `${COLLECTION}/:route_id/deployments`,
      methods: {
        GET: { access: 'read', handle: (ctx) => h.listDeployments(ctx) },
        POST: { access: 'edit', handle: (ctx) => h.deploy(ctx) },
      },
    },
  ]
}

class DynamicRouteHandlers {
  constructor(private readonly deps: DynamicRouteRoutesDeps) {}

  async list(ctx: RouteContext) {
    const gatewayId = await this.gateway(ctx)
    const { page, perPage } = paging(ctx)
    const found = await this.deps.routes.list(ctx.accountId, gatewayId, { page, perPage })
    const routes = await Promise.all(found.items.map((route) => this.view(route)))
    return listed({ routes, ...order(page, perPage) }, page, perPage, found.items.length, found.total)
  }

  async get(ctx: RouteContext) {
    return ok(await this.view(await this.route(ctx)))
  }

  async create(ctx: RouteContext) {
    const gatewayId = await this.gateway(ctx)
    const body = fields(jsonObjectBody(ctx.request), ['name', 'elements', 'comment'])
    const name = routeName(body.name)
    const elements = routeElements(body.elements)
    const comment = commentOf(body.comment)
    const now = this.now(ctx)
    const route: DynamicRouteRecord = {
      id: newId(),
      accountId: ctx.accountId,
      gatewayId,
      name,
      createdAt: now,
      modifiedAt: now,
    }
    const version = versionRecord(route.id, elements, comment, now)
    // providers.md: a route created through the API is live at once; later versions are drafts.
    const deployment = deploymentRecord(route.id, version.id, comment, now)
    if (!(await this.deps.routes.create(route, version, deployment))) throw nameTaken(name)
    this.deps.onChanged(ctx.accountId, gatewayId)
    return ok(routeView(route, version, deployment))
  }

  async rename(ctx: RouteContext) {
    const route = await this.route(ctx)
    const name = routeName(fields(jsonObjectBody(ctx.request), ['name']).name)
    const now = this.now(ctx)
    const outcome = await this.deps.routes.rename(ctx.accountId, route.gatewayId, route.id, name, now)
    if (outcome === 'not_found') throw notFound(route.id)
    if (outcome === 'name_taken') throw nameTaken(name)
    this.deps.onChanged(ctx.accountId, route.gatewayId)
    const view = await this.view({ ...route, name, modifiedAt: now })
    return { status: 200, body: { success: true, errors: [], messages: [], result: view, route: view } }
  }

  /** The deleted route is returned; `dynamic/<name>` stops resolving on the next request. */
  async remove(ctx: RouteContext) {
    const route = await this.route(ctx)
    const view = await this.view(route)
    if (!(await this.deps.routes.delete(ctx.accountId, route.gatewayId, route.id))) throw notFound(route.id)
    this.deps.onChanged(ctx.accountId, route.gatewayId)
    return ok(view)
  }

  async listVersions(ctx: RouteContext) {
    const route = await this.route(ctx)
    const { page, perPage } = paging(ctx)
    const { accountId } = ctx
    const found = await this.deps.routes.listVersions(accountId, route.gatewayId, route.id, { page, perPage })
    const live = await this.deps.routes.currentDeployment(accountId, route.gatewayId, route.id)
    const versions = found.items.map((version) => versionView(version, live?.versionId))
    return listed({ versions, ...order(page, perPage) }, page, perPage, found.items.length, found.total)
  }

  /** F196: a draft; it serves traffic only once deployed. */
  async createVersion(ctx: RouteContext) {
    const route = await this.route(ctx)
    const body = fields(jsonObjectBody(ctx.request), ['elements', 'comment'])
    const elements = routeElements(body.elements)
    const now = this.now(ctx)
    const version = versionRecord(route.id, elements, commentOf(body.comment), now)
    if (!(await this.deps.routes.addVersion(ctx.accountId, route.gatewayId, version, now)))
      throw notFound(route.id)
    const live = await this.deps.routes.currentDeployment(ctx.accountId, route.gatewayId, route.id)
    return ok(routeView({ ...route, modifiedAt: now }, version, live))
  }

  async getVersion(ctx: RouteContext) {
    const route = await this.route(ctx)
    const id = ctx.params.version_id!
    const version = await this.deps.routes.getVersion(ctx.accountId, route.gatewayId, route.id, id)
    if (!version) throw adminError('not_found', `route "${route.id}" has no version "${id}"`)
    const live = await this.deps.routes.currentDeployment(ctx.accountId, route.gatewayId, route.id)
    return ok(routeVersionView(route, version, live?.versionId))
  }

  async listDeployments(ctx: RouteContext) {
    const route = await this.route(ctx)
    const { page, perPage } = paging(ctx)
    const { accountId } = ctx
    const found = await this.deps.routes.listDeployments(accountId, route.gatewayId, route.id, {
      page,
      perPage,
    })
    const deployments = found.items.map(deploymentView)
    return listed({ deployments, ...order(page, perPage) }, page, perPage, found.items.length, found.total)
  }

  /** F196: deploying any saved version makes it live on the next request; an older one is a rollback. */
  async deploy(ctx: RouteContext) {
    const route = await this.route(ctx)
    const body = fields(jsonObjectBody(ctx.request), ['version_id', 'comment'])
    if (typeof body.version_id !== 'string' || body.version_id === '') {
      throw validationError([
        { message: 'version_id is required: the id of a saved version', path: ['body', 'version_id'] },
      ])
    }
    const { accountId } = ctx
    const version = await this.deps.routes.getVersion(accountId, route.gatewayId, route.id, body.version_id)
    if (!version) {
      const message = `version_id ${preview(body.version_id)} is not a version of route "${route.id}"`
      throw new AdminError(404, [{ code: 2004, message, path: ['body', 'version_id'] }])
    }
    const now = this.now(ctx)
    const deployment = deploymentRecord(route.id, version.id, commentOf(body.comment), now)
    if (!(await this.deps.routes.deploy(accountId, route.gatewayId, deployment, now)))
      throw notFound(route.id)
    this.deps.onChanged(accountId, route.gatewayId)
    return ok(routeView({ ...route, modifiedAt: now }, version, deployment))
  }

  private async gateway(ctx: RouteContext): Promise<string> {
    return (await existing(ctx.deps, ctx.accountId, ctx.params.gateway_id!)).id
  }

  private async route(ctx: RouteContext): Promise<DynamicRouteRecord> {
    const gatewayId = await this.gateway(ctx)
    const route = await this.deps.routes.get(ctx.accountId, gatewayId, ctx.params.route_id!)
    if (!route) throw notFound(ctx.params.route_id!)
    return route
  }

  /** The route with its newest version and the deployment serving traffic. */
  private async view(route: DynamicRouteRecord) {
    const { accountId, gatewayId, id } = route
    const [version, deployment] = await Promise.all([
      this.deps.routes.latestVersion(accountId, gatewayId, id),
      this.deps.routes.currentDeployment(accountId, gatewayId, id),
    ])
    if (!version) throw new Error(`route ${id} has no version`)
    return routeView(route, version, deployment)
  }

  private now(ctx: RouteContext): string {
    return new Date(ctx.deps.clock.now()).toISOString()
  }
}

function paging(ctx: RouteContext): { page: number; perPage: number } {
  rejectUnknownParams(ctx.request.query, (name) => name === 'page' || name === 'per_page')
  return readPaging(ctx.request.query, DEFAULT_PER_PAGE, MAX_PER_PAGE)
}

function order(page: number, perPage: number) {
  return { order_by: 'created_at', order_by_direction: 'desc', page, per_page: perPage }
}

/** The SDK returns these answers whole and reads `data`; `result` and `result_info` keep the v4 envelope. */
function listed(data: object, page: number, perPage: number, count: number, total: number): AdminResponse {
  const info = { page, per_page: perPage, count, total_count: total, total_pages: Math.ceil(total / perPage) }
  return {
    status: 200,
    body: { success: true, errors: [], messages: [], result: data, result_info: info, data },
  }
}

function fields(body: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key))
  if (unknown.length > 0) {
    throw validationError(
      unknown.map((key) => ({
        message: `${key} is not a recognised field (${allowed.join(', ')})`,
        path: ['body', key],
      })),
    )
  }
  return body
}

/** F198: the name is what clients write after `dynamic/`, so it cannot hold `/` or whitespace. */
function routeName(value: unknown): string {
  if (typeof value === 'string' && NAME.test(value)) return value
  throw validationError([
    {
      message: `name must be 1–64 characters without spaces, control characters or "/", got ${preview(value)}`,
      path: ['body', 'name'],
    },
  ])
}

function routeElements(value: unknown): RouteElement[] {
  try {
    return parseRouteElements(value)
  } catch (error) {
    if (!(error instanceof InvalidRoute)) throw error
    throw validationError(error.problems.map((p) => ({ message: p.message, path: ['body', ...p.path] })))
  }
}

function commentOf(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' && value.length <= 1024) return value
  throw validationError([
    { message: 'comment must be a string of at most 1024 characters', path: ['body', 'comment'] },
  ])
}

function versionRecord(
  routeId: string,
  elements: RouteElement[],
  comment: string | null,
  at: string,
): RouteVersionRecord {
  const stored = elements as unknown as Array<Record<string, unknown>>
  return { id: newId(), routeId, elements: stored, comment, createdAt: at }
}

function deploymentRecord(
  routeId: string,
  versionId: string,
  comment: string | null,
  at: string,
): RouteDeploymentRecord {
  return { id: newId(), routeId, versionId, comment, createdAt: at }
}

function newId(): string {
  return randomUUID().replaceAll('-', '')
}

/** 409, aigw code 2120: `dynamic/<name>` must name one route per gateway (F198). */
function nameTaken(name: string): AdminError {
  const message = `A dynamic route with this name already exists on this gateway: "${name}"`
  return new AdminError(409, [{ code: 2120, message, path: ['body', 'name'] }])
}

function notFound(id: string): AdminError {
  return adminError('not_found', `no dynamic route "${id}" on this gateway`)
}
