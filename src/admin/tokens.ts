import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { generateTokenSecret, hashToken, tokenPreview } from '../auth/api-tokens.js'
import type { ApiToken, Permission } from '../core/stores.js'
import { adminError, validationError } from './admin-errors.js'
import { ok } from './envelope.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/**
 * API tokens — an aigw extension; Cloudflare manages tokens outside the AI Gateway API.
 *
 *   POST   /accounts/{account_id}/ai-gateway/tokens        {name, permissions: ["read"|"edit"|"run", …], expires_at?}
 *          → {id, name, permissions, preview, created_at, expires_at, last_used_at, value}; `value` is shown once
 *   GET    /accounts/{account_id}/ai-gateway/tokens        → the tokens, never their secret or hash
 *   GET    /accounts/{account_id}/ai-gateway/tokens/{id}
 *   DELETE /accounts/{account_id}/ai-gateway/tokens/{id}   revokes at once in this process
 *
 * `read` lets a token read the management API, `edit` change it, `run` call the data plane of an
 * authenticated gateway. Managing tokens needs `edit`, and a token can only grant permissions it holds
 * itself, so an `edit` token cannot mint a `run` token unless it has `run` as well.
 */
const COLLECTION = '/accounts/:account_id/ai-gateway/tokens'

export const tokenRoutes: Route[] = [
  {
    pattern: COLLECTION,
    methods: { GET: { access: 'edit', handle: listTokens }, POST: { access: 'edit', handle: createToken } },
  },
  {
    pattern: `${COLLECTION}/:token_id`,
    methods: { GET: { access: 'edit', handle: getToken }, DELETE: { access: 'edit', handle: deleteToken } },
  },
]

const permission = z.enum(['read', 'edit', 'run'], { error: 'must be "read", "edit" or "run"' })

const createSchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(120, { error: 'must be at most 120 characters' }),
  permissions: z
    .array(permission, { error: 'must be an array of permissions' })
    .min(1, { error: 'must grant at least one permission' }),
  expires_at: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time or null' })
    .nullable()
    .optional(),
})

export interface TokenView {
  id: string
  name: string
  permissions: Permission[]
  preview: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
}

async function createToken({ request, deps, accountId, token: caller }: RouteContext) {
  const input = parseOrThrow(createSchema, jsonObjectBody(request), 'body')
  const now = deps.clock.now()
  const expiresAt = input.expires_at ? new Date(input.expires_at).toISOString() : null
  if (expiresAt !== null && Date.parse(expiresAt) <= now) {
    throw validationError([{ message: 'expires_at must be in the future', path: ['body', 'expires_at'] }])
  }
  const permissions = [...new Set(input.permissions)]
  const beyond = permissions.filter((p) => !caller.permissions.includes(p))
  if (beyond.length > 0) {
    throw adminError(
      'forbidden',
      `a token cannot grant permissions it does not hold itself (${beyond.join(', ')})`,
    )
  }
  const secret = generateTokenSecret()
  const created: ApiToken = {
    id: randomUUID().replaceAll('-', ''),
    accountId,
    name: input.name,
    hash: hashToken(secret),
    preview: tokenPreview(secret),
    permissions,
    createdAt: new Date(now).toISOString(),
    lastUsedAt: null,
    expiresAt,
  }
  await deps.stores.tokens.create(created)
  return ok({ ...tokenView(created), value: secret })
}

async function listTokens({ deps, accountId }: RouteContext) {
  const tokens = await deps.stores.tokens.list(accountId)
  return ok(tokens.map(tokenView))
}

async function getToken({ deps, accountId, params }: RouteContext) {
  return ok(tokenView(await findToken(deps, accountId, params.token_id!)))
}

/** Revocation also drops the verifier's cached entry, so the token stops working on the next request. */
async function deleteToken({ deps, accountId, params }: RouteContext) {
  const found = await findToken(deps, accountId, params.token_id!)
  if (!(await deps.stores.tokens.delete(accountId, found.id))) throw tokenNotFound(found.id)
  deps.tokens.forget(found.hash)
  return ok(tokenView(found))
}

async function findToken(deps: RouteContext['deps'], accountId: string, id: string): Promise<ApiToken> {
  const found = (await deps.stores.tokens.list(accountId)).find((token) => token.id === id)
  if (!found) throw tokenNotFound(id)
  return found
}

function tokenNotFound(id: string) {
  return adminError('not_found', `no API token "${id}" in this account`)
}

function tokenView(token: ApiToken): TokenView {
  return {
    id: token.id,
    name: token.name,
    permissions: [...token.permissions],
    preview: token.preview,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    last_used_at: token.lastUsedAt,
  }
}
