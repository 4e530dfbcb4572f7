import { defaultGatewaySettings, defaultSettings, type GatewaySettings } from '../core/gateway-settings.js'
import { adminError, validationError } from './admin-errors.js'
import { ok, pageInfo } from './envelope.js'
import {
  crossFieldProblems,
  gatewayCreateSchema,
  gatewayUpdateSchema,
  mergeSettings,
} from './gateway-schema.js'
import { queryString, readPaging, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/** F091, F092, F295: `…/ai-gateway/gateways` CRUD in the shape of the `cloudflare` SDK's `aiGateway` resource. */
export const DEFAULT_GATEWAYS_PER_PAGE = 20
export const MAX_GATEWAYS_PER_PAGE = 100

const COLLECTION = '/accounts/:account_id/ai-gateway/gateways'
const ITEM = `${COLLECTION}/:gateway_id`

export const gatewayRoutes: Route[] = [
  {
    pattern: COLLECTION,
    methods: {
      GET: { access: 'read', handle: listGateways },
      POST: { access: 'edit', handle: createGateway },
    },
  },
  {
    pattern: ITEM,
    methods: {
      GET: { access: 'read', handle: getGateway },
      PUT: { access: 'edit', handle: updateGateway },
      DELETE: { access: 'edit', handle: deleteGateway },
    },
  },
]

const listParams = new Set(['page', 'per_page', 'search'])

async function listGateways({ request, deps, accountId }: RouteContext) {
  rejectUnknownParams(request.query, (name) => listParams.has(name))
  const { page, perPage } = readPaging(request.query, DEFAULT_GATEWAYS_PER_PAGE, MAX_GATEWAYS_PER_PAGE)
  const search = queryString(request.query, 'search')?.trim()
  const found = await deps.stores.gateways.list(accountId, { page, perPage, ...(search ? { search } : {}) })
  return ok(found.items.map(gatewayView), pageInfo(page, perPage, found.items.length, found.total))
}

async function createGateway({ request, deps, accountId }: RouteContext) {
  const input = parseOrThrow(gatewayCreateSchema, jsonObjectBody(request), 'body')
  const now = new Date(deps.clock.now()).toISOString()
  // F090: `default` made by hand starts from the same settings as the auto-created one (is_default, auth on).
  const base = input.id === 'default' ? defaultGatewaySettings(now) : defaultSettings(input.id, now)
  const settings = checked(mergeSettings(base, input))
  if (!(await deps.stores.gateways.create(accountId, settings))) {
    throw adminError('gateway_exists', `"${input.id}" is taken in this account`, ['body', 'id'])
  }
  deps.onGatewayChanged(accountId, settings.id)
  return ok(gatewayView(settings))
}

async function getGateway({ deps, accountId, params }: RouteContext) {
  return ok(gatewayView(await existing(deps, accountId, params.gateway_id!)))
}

async function updateGateway({ request, deps, accountId, params }: RouteContext) {
  const id = params.gateway_id!
  const input = parseOrThrow(gatewayUpdateSchema, jsonObjectBody(request), 'body')
  if (input.id !== undefined && input.id !== id) {
    throw validationError([
      {
        message: `id must match the gateway in the URL ("${id}") or be omitted; ids cannot be changed`,
        path: ['body', 'id'],
      },
    ])
  }
  const current = await existing(deps, accountId, id)
  const updated = checked({
    ...mergeSettings(current, input),
    modified_at: new Date(deps.clock.now()).toISOString(),
  })
  if (!(await deps.stores.gateways.update(accountId, updated)))
    throw adminError('gateway_not_found', `"${id}"`)
  deps.onGatewayChanged(accountId, id)
  return ok(gatewayView(updated))
}

/** The SDK documents delete as removing the gateway "and its stored logs"; the deleted gateway is returned. */
async function deleteGateway({ deps, accountId, params }: RouteContext) {
  const id = params.gateway_id!
  const current = await existing(deps, accountId, id)
  if (!(await deps.stores.gateways.delete(accountId, id))) throw adminError('gateway_not_found', `"${id}"`)
  deps.onGatewayChanged(accountId, id)
  await deps.stores.logs.delete({
    accountId,
    gatewayId: id,
    filters: [],
    orderBy: 'created_at',
    direction: 'asc',
    page: 1,
    perPage: 1,
  })
  return ok(gatewayView(current))
}

export async function existing(
  deps: RouteContext['deps'],
  accountId: string,
  id: string,
): Promise<GatewaySettings> {
  const settings = await deps.stores.gateways.get(accountId, id)
  if (!settings) throw adminError('gateway_not_found', `no gateway "${id}" in this account`)
  return settings
}

function checked(settings: GatewaySettings): GatewaySettings {
  const problems = crossFieldProblems(settings)
  if (problems.length > 0) {
    throw validationError(
      problems.map((problem) => ({ message: problem.message, path: ['body', ...problem.path] })),
    )
  }
  return settings
}

/** The stored document is already in the SDK's shape (F296); copy it so callers never share store state. */
export function gatewayView(settings: GatewaySettings): GatewaySettings {
  return structuredClone(settings)
}
