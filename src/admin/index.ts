import { AdminError, adminError } from './admin-errors.js'
import { authorize } from './auth.js'
import { failure } from './envelope.js'
import { gatewayUrlRoutes } from './gateway-url.js'
import { gatewayRoutes } from './gateways.js'
import { logRoutes } from './logs.js'
import { createRouter, type Route } from './router.js'
import { tokenRoutes } from './tokens.js'
import type { AdminDeps, AdminHandler } from './types.js'

export type { Route, RouteContext, RouteHandler, Access } from './router.js'
export { AdminError, adminError, validationError } from './admin-errors.js'
export { ok, pageInfo } from './envelope.js'

export const builtInRoutes: readonly Route[] = [
  ...gatewayRoutes,
  ...logRoutes,
  ...gatewayUrlRoutes,
  ...tokenRoutes,
]

/**
 * The Cloudflare-compatible management API (F011, F295–F301). For every route: the path picks a handler
 * (404/405 otherwise), the account must exist (404), then the Bearer API token must hold the route's
 * permission (401/403). Every answer, error or not, is a v4 envelope (F297) except stored log bodies.
 * `extraRoutes` lets other resources (custom providers, datasets, …) join the same router.
 */
export function createAdminApi(deps: AdminDeps, extraRoutes: readonly Route[] = []): AdminHandler {
  const router = createRouter([...builtInRoutes, ...extraRoutes])
  return async (request) => {
    try {
      const match = router.match(request.method, request.path)
      const accountId = match.params.account_id
      if (accountId === undefined) throw adminError('route_not_found', request.path)
      if (!(await deps.stores.accounts.get(accountId))) {
        throw adminError('account_not_found', `no account "${accountId}" on this server`)
      }
      const token = await authorize(deps, request, accountId, match.access)
      return await match.handle({ request, deps, params: match.params, accountId, token })
    } catch (error) {
      if (error instanceof AdminError) return failure(error)
      // A store failure or a bug: the operator gets the details, the client only the stable code.
      console.error('aigw admin: unexpected error', error)
      return failure(adminError('internal'))
    }
  }
}
