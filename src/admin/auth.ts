import { bareToken } from '../auth/api-tokens.js'
import type { ApiToken, Permission } from '../core/stores.js'
import { adminError } from './admin-errors.js'
import type { Access } from './router.js'
import type { AdminDeps, AdminRequest } from './types.js'

/**
 * F011: `Authorization: Bearer <API token>`, scoped to the account in the path. A token with `edit` may
 * also read. A token that is valid but lacks the permission gets 403; a missing, unknown, expired or
 * other-account token gets 401. Both carry Cloudflare's code 10000.
 */
export async function authorize(
  deps: AdminDeps,
  request: AdminRequest,
  accountId: string,
  access: Access,
): Promise<ApiToken> {
  const secret = bareToken(headerValue(request.headers.authorization))
  if (!secret) throw adminError('authentication', 'missing "Authorization: Bearer <API token>" header')
  const accepted: Permission[] = access === 'read' ? ['read', 'edit'] : ['edit']
  for (const permission of accepted) {
    const token = await deps.tokens.verify(secret, accountId, permission)
    if (token) return token
  }
  const others: Permission[] = (['read', 'edit', 'run'] as const).filter((p) => !accepted.includes(p))
  for (const permission of others) {
    if (await deps.tokens.verify(secret, accountId, permission)) {
      throw adminError('forbidden', `this API token lacks the "${access}" permission`)
    }
  }
  throw adminError('authentication', 'invalid, expired or revoked API token for this account')
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
