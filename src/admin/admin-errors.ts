import { errorTable, type ErrorSpec } from '../core/errors.js'

/**
 * Errors of the management API. Codes shared with the data plane come from the core table so one number
 * means one thing everywhere; the rest are Cloudflare's own (10000, 7000) or aigw's admin range 2100–2199.
 */
export const adminErrorTable = {
  authentication: { status: 401, code: 10000, message: 'Authentication error' },
  forbidden: { status: 403, code: 10000, message: 'Authentication error' },
  route_not_found: { status: 404, code: 7000, message: 'No route for that URI' },
  method_not_allowed: errorTable.method_not_allowed,
  account_not_found: errorTable.account_not_found,
  gateway_not_found: errorTable.gateway_not_found,
  not_found: errorTable.not_found,
  invalid_request: errorTable.invalid_request,
  invalid_json: errorTable.invalid_json,
  gateway_exists: { status: 409, code: 2101, message: 'A gateway with this id already exists' },
  internal: errorTable.internal,
} as const satisfies Record<string, ErrorSpec>

export type AdminErrorKind = keyof typeof adminErrorTable

export type ErrorPath = Array<string | number>

export interface ErrorDetail {
  code: number
  message: string
  /** Where the problem is, e.g. `["body", "cache_ttl"]` or `["query", "per_page"]`. */
  path?: ErrorPath
  /** The same place in the SDK's `ErrorData` form, for problems inside the JSON body. */
  source?: { pointer: string }
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly details: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(details.map((detail) => detail.message).join('; '))
  }
}

/** `detail` is appended to the table's message, so the client learns what exactly went wrong. */
export function adminError(
  kind: AdminErrorKind,
  detail?: string,
  path?: ErrorPath,
  headers?: Record<string, string>,
): AdminError {
  const spec: ErrorSpec = adminErrorTable[kind]
  const message = detail ? `${spec.message}: ${detail}` : spec.message
  return new AdminError(
    spec.status,
    [path ? { code: spec.code, message, path } : { code: spec.code, message }],
    headers,
  )
}

/** Several validation problems reported together, each naming its field. */
export function validationError(problems: Array<{ message: string; path: ErrorPath }>): AdminError {
  const { status, code } = adminErrorTable.invalid_request
  return new AdminError(
    status,
    problems.map((problem) => withSource({ code, message: problem.message, path: problem.path })),
  )
}

/** RFC 6901 pointer into the request body, e.g. `/dlp/policies/0/action`. */
function withSource(detail: ErrorDetail & { path: ErrorPath }): ErrorDetail {
  const [where, ...rest] = detail.path
  if (where !== 'body' || rest.length === 0) return detail
  const pointer = rest.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')
  return { ...detail, source: { pointer: `/${pointer}` } }
}
