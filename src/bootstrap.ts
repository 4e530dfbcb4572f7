import { randomBytes, randomUUID } from 'node:crypto'
import { generateTokenSecret, hashToken, tokenPreview } from './auth/api-tokens.js'
import type { Config } from './config/config.js'
import { defaultSettings, type GatewaySettings } from './core/gateway-settings.js'
import type { Stores } from './core/stores.js'

export interface Bootstrap {
  accountId: string
  /** Lines for the operator (ids, a freshly generated token shown once). */
  notices: string[]
}

/**
 * First start creates the account and a bootstrap admin token (CONTRACT.md); later starts reuse them. A token
 * given in AIGW_ADMIN_TOKEN is registered by hash on every start, so rotating it is a restart.
 */
export async function bootstrap(config: Config, stores: Stores, now: Date): Promise<Bootstrap> {
  const notices: string[] = []
  const at = now.toISOString()
  let accountId = config.accountId
  if (accountId === undefined) {
    const existing = await stores.accounts.list()
    accountId = existing[0]?.id
    if (accountId === undefined) {
      accountId = randomBytes(16).toString('hex')
      notices.push(`Created account ${accountId} (set AIGW_ACCOUNT_ID to choose it yourself).`)
    }
  }
  if (!(await stores.accounts.get(accountId))) await stores.accounts.create({ id: accountId, createdAt: at })

  const tokens = await stores.tokens.list(accountId)
  if (config.adminToken !== undefined) {
    const hash = hashToken(config.adminToken)
    if (!(await stores.tokens.findByHash(hash))) {
      await stores.tokens.create({
        id: randomUUID(),
        accountId,
        name: 'AIGW_ADMIN_TOKEN',
        hash,
        preview: tokenPreview(config.adminToken),
        permissions: ['read', 'edit', 'run'],
        createdAt: at,
        lastUsedAt: null,
        expiresAt: null,
      })
    }
  } else if (tokens.length === 0) {
    const secret = generateTokenSecret()
    await stores.tokens.create({
      id: randomUUID(),
      accountId,
      name: 'bootstrap admin',
      hash: hashToken(secret),
      preview: tokenPreview(secret),
      permissions: ['read', 'edit', 'run'],
      createdAt: at,
      lastUsedAt: null,
      expiresAt: null,
    })
    notices.push(`Admin API token (shown once, only its hash is stored): ${secret}`)
  }

  for (const declared of config.gateways) {
    if (await stores.gateways.get(accountId, declared.id)) continue
    const settings: GatewaySettings = {
      ...defaultSettings(declared.id, at),
      ...declared,
      created_at: at,
      modified_at: at,
    }
    await stores.gateways.create(accountId, settings)
    notices.push(`Created gateway '${declared.id}' from the config file.`)
  }
  return { accountId, notices }
}
