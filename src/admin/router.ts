import type { ApiToken } from '../core/stores.js'
import { adminError } from './admin-errors.js'
import { preview } from './validation.js'
import type { AdminDeps, AdminRequest, AdminResponse } from './types.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What a route needs from the caller's API token: reads accept `read` or `edit`, writes need `edit`. */
export type Access = 'read' | 'edit'

export interface RouteContext {
  request: AdminRequest
  deps: AdminDeps
  /** Decoded path parameters, named as in the pattern (`:gateway_id` → `gateway_id`). */
  params: Record<string, string>
  accountId: string
  token: ApiToken
}

export type RouteHandler = (ctx: RouteContext) => Promise<AdminResponse>

export interface Route {
  /** Segments after `/client/v4`; `:name` captures one segment. Every route starts with `/accounts/:account_id`. */
  pattern: string
  methods: Partial<Record<HttpMethod, { access: Access; handle: RouteHandler }>>
}

export interface RouteMatch {
  params: Record<string, string>
  access: Access
  handle: RouteHandler
}

interface CompiledRoute {
  segments: string[]
  route: Route
}

export interface Router {
  /** Throws a 404 envelope error for an unknown path and a 405 (with `Allow`) for a known path and wrong method. */
  match(method: string, path: string): RouteMatch
}

export function createRouter(routes: readonly Route[]): Router {
  const compiled: CompiledRoute[] = routes.map((route) => ({ segments: split(route.pattern), route }))
  return {
    match(method, path) {
      const segments = split(path).map(decodeSegment)
      for (const { segments: pattern, route } of compiled) {
        const params = matchSegments(pattern, segments)
        if (!params) continue
        const entry = route.methods[method.toUpperCase() as HttpMethod]
        if (!entry) {
          const allow = Object.keys(route.methods).join(', ')
          throw adminError(
            'method_not_allowed',
            `${method} is not supported here (allowed: ${allow})`,
            undefined,
            {
              allow,
            },
          )
        }
        return { params, access: entry.access, handle: entry.handle }
      }
      throw adminError('route_not_found', `${method} ${path}`)
    },
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw adminError('invalid_request', `malformed percent-encoding in path segment ${preview(segment)}`)
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!
    const actual = segments[i]!
    if (expected.startsWith(':')) params[expected.slice(1)] = actual
    else if (expected !== actual) return undefined
  }
  return params
}
