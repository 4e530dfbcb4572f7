import { randomUUID } from 'node:crypto'
import { parseStoredValue, storedValuePreview } from '../byok/stored-value.js'
import { DEFAULT_ALIAS } from '../byok/stored-keys.js'
import { GatewayError } from '../core/errors.js'
import type { ProviderConfigRecord, ProviderConfigStore } from '../core/stores.js'
import type { SecretVault } from '../secrets/secret-vault.js'
import { AdminError, adminError, validationError } from './admin-errors.js'
import { ok, pageInfo } from './envelope.js'
import { existing } from './gateways.js'
import {
  providerConfigCreateSchema,
  providerConfigUpdateSchema,
  providerConfigView,
  type ProviderConfigUpdateInput,
} from './provider-configs-schema.js'
import { readPaging, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/**
 * Stored provider keys (BYOK, F223–F230) per gateway, in the `cloudflare` SDK's `aiGateway.providerConfigs`
 * shape: `GET`/`POST …/gateways/{id}/provider_configs`. aigw adds what the SDK lacks:
 * `GET`, `PUT`/`PATCH` (partial update, e.g. a new `secret` to rotate, F227) and `DELETE`
 * `…/provider_configs/{config_id}`, in the same envelope.
 */
export interface ProviderConfigRoutesDeps {
  configs: ProviderConfigStore
  vault: SecretVault
  /** After every write, so the data plane uses the new key on the next request (F227). */
  onChanged(accountId: string, gatewayId: string): void
}

const DEFAULT_PER_PAGE = 20
const MAX_PER_PAGE = 100
const COLLECTION = '/accounts/:account_id/ai-gateway/gateways/:gateway_id/provider_configs'

export function providerConfigRoutes(deps: ProviderConfigRoutesDeps): Route[] {
  const handlers = new ProviderConfigHandlers(deps)
  return [
    {
      pattern: COLLECTION,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.list(ctx) },
        POST: { access: 'edit', handle: (ctx) => handlers.create(ctx) },
      },
    },
    {
      pattern: `${COLLECTION}/:config_id`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.get(ctx) },
        PUT: { access: 'edit', handle: (ctx) => handlers.update(ctx) },
        PATCH: { access: 'edit', handle: (ctx) => handlers.update(ctx) },
        DELETE: { access: 'edit', handle: (ctx) => handlers.remove(ctx) },
      },
    },
  ]
}

class ProviderConfigHandlers {
  constructor(private readonly deps: ProviderConfigRoutesDeps) {}

  async list({ request, deps, accountId, params }: RouteContext) {
    rejectUnknownParams(request.query, (name) => name === 'page' || name === 'per_page')
    const gatewayId = (await existing(deps, accountId, params.gateway_id!)).id
    const { page, perPage } = readPaging(request.query, DEFAULT_PER_PAGE, MAX_PER_PAGE)
    const found = await this.deps.configs.list(accountId, gatewayId, { page, perPage })
    return ok(found.items.map(providerConfigView), pageInfo(page, perPage, found.items.length, found.total))
  }

  async get({ deps, accountId, params }: RouteContext) {
    const gatewayId = (await existing(deps, accountId, params.gateway_id!)).id
    return ok(providerConfigView(await this.found(accountId, gatewayId, params.config_id!)))
  }

  async create({ request, deps, accountId, params }: RouteContext) {
    const gatewayId = (await existing(deps, accountId, params.gateway_id!)).id
    const input = parseOrThrow(providerConfigCreateSchema, jsonObjectBody(request), 'body')
    const alias = input.alias ?? DEFAULT_ALIAS
    const now = new Date(deps.clock.now()).toISOString()
    const secret = await this.secretFor(accountId, input.provider_slug, input)
    if (!secret) {
      throw validationError([
        { message: 'secret is required: the provider API key to store', path: ['body', 'secret'] },
      ])
    }
    const config: ProviderConfigRecord = {
      id: randomUUID().replaceAll('-', ''),
      accountId,
      gatewayId,
      providerSlug: input.provider_slug,
      alias,
      defaultConfig: input.default_config ?? alias === DEFAULT_ALIAS,
      secretId: secret.id,
      secretPreview: secret.preview,
      rateLimit: input.rate_limit ?? null,
      rateLimitPeriod: input.rate_limit_period ?? null,
      description: input.description ?? null,
      region: input.region ?? null,
      createdAt: now,
      modifiedAt: now,
      lastUsedAt: null,
      lastStatus: null,
    }
    if (!(await this.deps.configs.create(config))) {
      if (secret.created) await this.deps.vault.delete(accountId, secret.id)
      throw aliasTaken(config)
    }
    await this.afterWrite(config)
    return ok(providerConfigView(config))
  }

  async update({ request, deps, accountId, params }: RouteContext) {
    const gatewayId = (await existing(deps, accountId, params.gateway_id!)).id
    const current = await this.found(accountId, gatewayId, params.config_id!)
    const input = parseOrThrow(providerConfigUpdateSchema, jsonObjectBody(request), 'body')
    if (input.provider_slug !== undefined && input.provider_slug !== current.providerSlug) {
      throw validationError([
        {
          message: `provider_slug cannot change (this key is for "${current.providerSlug}"); create a new key instead`,
          path: ['body', 'provider_slug'],
        },
      ])
    }
    const secret = await this.secretFor(accountId, current.providerSlug, input)
    const updated = merged(current, input, secret, new Date(deps.clock.now()).toISOString())
    const outcome = await this.deps.configs.update(updated)
    if (outcome !== 'updated') {
      if (secret?.created) await this.deps.vault.delete(accountId, secret.id)
      throw outcome === 'alias_taken' ? aliasTaken(updated) : notFound(updated.id)
    }
    if (updated.secretId !== current.secretId) await this.dropSecretIfUnused(accountId, current.secretId)
    await this.afterWrite(updated)
    return ok(providerConfigView(updated))
  }

  /** F227: deleting a key breaks requests relying on it at once; the deleted config is returned. */
  async remove({ deps, accountId, params }: RouteContext) {
    const gatewayId = (await existing(deps, accountId, params.gateway_id!)).id
    const current = await this.found(accountId, gatewayId, params.config_id!)
    if (!(await this.deps.configs.delete(accountId, gatewayId, current.id))) throw notFound(current.id)
    await this.dropSecretIfUnused(accountId, current.secretId)
    this.deps.onChanged(accountId, gatewayId)
    return ok(providerConfigView(current))
  }

  private async found(accountId: string, gatewayId: string, id: string): Promise<ProviderConfigRecord> {
    const config = await this.deps.configs.get(accountId, gatewayId, id)
    if (!config) throw notFound(id)
    return config
  }

  /**
   * A new `secret` is checked against the provider's format (F022, F228) and encrypted; `secret_id` reuses
   * a secret already stored in the account. Undefined when the body has neither.
   */
  private async secretFor(
    accountId: string,
    providerSlug: string,
    input: ProviderConfigUpdateInput,
  ): Promise<{ id: string; preview: string; created: boolean } | undefined> {
    if (input.secret !== undefined && input.secret_id !== undefined) {
      throw validationError([
        { message: 'send either secret or secret_id, not both', path: ['body', 'secret_id'] },
      ])
    }
    if (input.secret !== undefined) {
      const preview = storedValuePreview(checkedValue(providerSlug, input.secret))
      const ref = await this.deps.vault.create(accountId, input.secret, preview)
      return { ...ref, created: true }
    }
    if (input.secret_id !== undefined) {
      const value = await this.deps.vault.reveal(accountId, input.secret_id)
      if (value === undefined) {
        throw validationError([
          { message: 'secret_id names no stored secret in this account', path: ['body', 'secret_id'] },
        ])
      }
      checkedValue(providerSlug, value)
      const preview = (await this.deps.vault.preview(accountId, input.secret_id)) ?? ''
      return { id: input.secret_id, preview, created: false }
    }
    return undefined
  }

  private async dropSecretIfUnused(accountId: string, secretId: string): Promise<void> {
    if (!(await this.deps.configs.referencesSecret(accountId, secretId)))
      await this.deps.vault.delete(accountId, secretId)
  }

  /** Only one key per provider is the marked default; the data plane caches drop the gateway's keys. */
  private async afterWrite(config: ProviderConfigRecord): Promise<void> {
    if (config.defaultConfig) {
      const siblings = await this.deps.configs.forProvider(
        config.accountId,
        config.gatewayId,
        config.providerSlug,
      )
      for (const other of siblings) {
        if (other.id !== config.id && other.defaultConfig) {
          await this.deps.configs.update({ ...other, defaultConfig: false, modifiedAt: config.modifiedAt })
        }
      }
    }
    this.deps.onChanged(config.accountId, config.gatewayId)
  }
}

function merged(
  current: ProviderConfigRecord,
  input: ProviderConfigUpdateInput,
  secret: { id: string; preview: string } | undefined,
  now: string,
): ProviderConfigRecord {
  return {
    ...current,
    alias: input.alias ?? current.alias,
    defaultConfig: input.default_config ?? current.defaultConfig,
    secretId: secret?.id ?? current.secretId,
    secretPreview: secret?.preview ?? current.secretPreview,
    rateLimit: input.rate_limit === undefined ? current.rateLimit : input.rate_limit,
    rateLimitPeriod:
      input.rate_limit_period === undefined ? current.rateLimitPeriod : input.rate_limit_period,
    description: input.description === undefined ? current.description : input.description,
    region: input.region === undefined ? current.region : input.region,
    modifiedAt: now,
    // A new key starts with a clean record: its predecessor's last use says nothing about it.
    ...(secret ? { lastUsedAt: null, lastStatus: null } : {}),
  }
}

/** Format problems are reported on `secret` without quoting any of it. */
function checkedValue(providerSlug: string, value: string) {
  try {
    return parseStoredValue(providerSlug, value)
  } catch (error) {
    if (error instanceof GatewayError)
      throw validationError([{ message: error.detail ?? error.message, path: ['body', 'secret'] }])
    throw error
  }
}

/** 409, aigw code 2110: one key per provider and alias on a gateway (F224). */
function aliasTaken(config: ProviderConfigRecord) {
  const message = `A provider key with this alias already exists: this gateway already stores a ${config.providerSlug} key with alias "${config.alias}"`
  return new AdminError(409, [{ code: 2110, message, path: ['body', 'alias'] }])
}

function notFound(id: string) {
  return adminError('not_found', `no provider config "${id}" on this gateway`)
}
