import { randomUUID } from 'node:crypto'
import type { CustomProviderOrderKey, CustomProviderRecord, CustomProviderStore } from '../core/stores.js'
import { checkBaseUrl, type BaseUrlPolicy } from '../custom-providers/base-url.js'
import { generateLogo } from '../custom-providers/logo.js'
import { secretPreview } from '../secrets/secret-preview.js'
import type { SecretVault } from '../secrets/secret-vault.js'
import { AdminError } from './admin-errors.js'
import {
  customProviderCreateSchema,
  customProviderUpdateSchema,
  customProviderView,
  type CustomProviderUpdateInput,
} from './custom-providers-schema.js'
import { ok, pageInfo } from './envelope.js'
import { invalidParam, queryBool, queryString, readPaging, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/**
 * Account custom providers (F236–F244, F145) at `…/ai-gateway/custom-providers`, in the `cloudflare` SDK's
 * `aiGateway.customProviders` shape, plus the documented `PATCH` (F239). Errors keep Cloudflare's codes:
 * 1002 bad `base_url` (400), 1003 duplicate slug (409), 1004 not found (404).
 */
export interface CustomProviderRoutesDeps {
  store: CustomProviderStore
  vault: SecretVault
  baseUrl: BaseUrlPolicy
  /** After a write: the data plane forgets these slugs and their cached responses (F166, F242). */
  onChanged(accountId: string, slugs: string[]): Promise<void>
}

const COLLECTION = '/accounts/:account_id/ai-gateway/custom-providers'
const LIST_PARAMS = new Set(['page', 'per_page', 'enable', 'beta', 'search', 'order_by'])
const ORDER_BY = /^\s*(name|slug|created_at|modified_at|position)(?:\s+(asc|desc))?\s*$/i

export function customProviderRoutes(deps: CustomProviderRoutesDeps): Route[] {
  const handlers = new CustomProviderHandlers(deps)
  return [
    {
      pattern: COLLECTION,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.list(ctx) },
        POST: { access: 'edit', handle: (ctx) => handlers.create(ctx) },
      },
    },
    {
      pattern: `${COLLECTION}/:provider_id`,
      methods: {
        GET: { access: 'read', handle: (ctx) => handlers.get(ctx) },
        PATCH: { access: 'edit', handle: (ctx) => handlers.update(ctx) },
        DELETE: { access: 'edit', handle: (ctx) => handlers.remove(ctx) },
      },
    },
  ]
}

class CustomProviderHandlers {
  constructor(private readonly deps: CustomProviderRoutesDeps) {}

  /** F238: page (1), per_page (20, max 100), enable, beta, search (id, name, slug), order_by ("name ASC"). */
  async list({ request, accountId }: RouteContext) {
    rejectUnknownParams(request.query, (name) => LIST_PARAMS.has(name))
    const { page, perPage } = readPaging(request.query, 20, 100)
    const order = ORDER_BY.exec(queryString(request.query, 'order_by') ?? 'name ASC')
    if (!order) {
      throw invalidParam('order_by', 'must be "<name|slug|created_at|modified_at|position> [ASC|DESC]"')
    }
    const enable = queryBool(request.query, 'enable')
    const beta = queryBool(request.query, 'beta')
    const search = queryString(request.query, 'search')?.trim()
    const found = await this.deps.store.list(accountId, {
      page,
      perPage,
      ...(enable === undefined ? {} : { enable }),
      ...(beta === undefined ? {} : { beta }),
      ...(search ? { search } : {}),
      orderBy: order[1]!.toLowerCase() as CustomProviderOrderKey,
      direction: order[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc',
    })
    return ok(found.items.map(customProviderView), pageInfo(page, perPage, found.items.length, found.total))
  }

  async get({ accountId, params }: RouteContext) {
    return ok(customProviderView(await this.found(accountId, params.provider_id!)))
  }

  async create({ request, deps, accountId }: RouteContext) {
    const input = parseOrThrow(customProviderCreateSchema, jsonObjectBody(request), 'body')
    const baseUrl = await this.checkedBaseUrl(input.base_url)
    const now = Math.floor(deps.clock.now() / 1000)
    const headers = input.headers ? await this.storeHeaders(accountId, input.headers) : undefined
    const record: CustomProviderRecord = {
      id: randomUUID(),
      accountId,
      name: input.name,
      slug: input.slug,
      baseUrl,
      description: input.description ?? null,
      link: input.link ?? null,
      enable: input.enable ?? false,
      beta: input.beta ?? false,
      curlExample: input.curl_example ?? null,
      jsExample: input.js_example ?? null,
      position: input.position ?? null,
      headersSecretId: headers?.id ?? null,
      headersPreview: headers?.preview ?? null,
      logo: generateLogo(input.name, input.slug),
      createdAt: now,
      modifiedAt: now,
    }
    if (!(await this.deps.store.create(record))) {
      if (headers) await this.deps.vault.delete(accountId, headers.id)
      throw slugTaken()
    }
    await this.deps.onChanged(accountId, [record.slug])
    return ok(customProviderView(record))
  }

  async update({ request, deps, accountId, params }: RouteContext) {
    const current = await this.found(accountId, params.provider_id!)
    const input = parseOrThrow(customProviderUpdateSchema, jsonObjectBody(request), 'body')
    const baseUrl = input.base_url === undefined ? current.baseUrl : await this.checkedBaseUrl(input.base_url)
    const headers = input.headers ? await this.storeHeaders(accountId, input.headers) : undefined
    const updated = merged(current, input, baseUrl, headers, Math.floor(deps.clock.now() / 1000))
    const outcome = await this.deps.store.update(updated)
    if (outcome !== 'updated') {
      if (headers) await this.deps.vault.delete(accountId, headers.id)
      throw outcome === 'slug_taken' ? slugTaken() : notFound()
    }
    if (current.headersSecretId !== null && current.headersSecretId !== updated.headersSecretId) {
      await this.deps.vault.delete(accountId, current.headersSecretId)
    }
    await this.deps.onChanged(accountId, [current.slug, updated.slug])
    return ok(customProviderView(updated))
  }

  /** F242: routing stops at once and cached responses go; the deleted provider is returned. */
  async remove({ accountId, params }: RouteContext) {
    const current = await this.found(accountId, params.provider_id!)
    if (!(await this.deps.store.delete(accountId, current.id))) throw notFound()
    if (current.headersSecretId !== null) await this.deps.vault.delete(accountId, current.headersSecretId)
    await this.deps.onChanged(accountId, [current.slug])
    return ok(customProviderView(current))
  }

  private async found(accountId: string, id: string): Promise<CustomProviderRecord> {
    const record = await this.deps.store.get(accountId, id)
    if (!record) throw notFound()
    return record
  }

  private async checkedBaseUrl(value: string): Promise<string> {
    const checked = await checkBaseUrl(value, this.deps.baseUrl)
    if (!checked.ok)
      throw new AdminError(400, [{ code: 1002, message: checked.message, path: ['body', 'base_url'] }])
    return checked.url
  }

  /** The headers may hold credentials: encrypted like provider keys, shown only as previews. */
  private async storeHeaders(accountId: string, headers: Record<string, string>) {
    const preview = JSON.stringify(
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secretPreview(value)])),
    )
    return { ...(await this.deps.vault.create(accountId, JSON.stringify(headers), preview)), preview }
  }
}

function merged(
  current: CustomProviderRecord,
  input: CustomProviderUpdateInput,
  baseUrl: string,
  headers: { id: string; preview: string } | undefined,
  now: number,
): CustomProviderRecord {
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value)
  const name = pick(input.name, current.name)
  const slug = pick(input.slug, current.slug)
  const headersCleared = input.headers === null
  return {
    ...current,
    name,
    slug,
    baseUrl,
    description: pick(input.description, current.description),
    link: pick(input.link, current.link),
    enable: pick(input.enable, current.enable),
    beta: pick(input.beta, current.beta),
    curlExample: pick(input.curl_example, current.curlExample),
    jsExample: pick(input.js_example, current.jsExample),
    position: pick(input.position, current.position),
    headersSecretId: headers ? headers.id : headersCleared ? null : current.headersSecretId,
    headersPreview: headers ? headers.preview : headersCleared ? null : current.headersPreview,
    logo: name === current.name && slug === current.slug ? current.logo : generateLogo(name, slug),
    modifiedAt: now,
  }
}

function slugTaken(): AdminError {
  return new AdminError(409, [
    { code: 1003, message: 'A custom provider with this slug already exists', path: ['body', 'slug'] },
  ])
}

function notFound(): AdminError {
  return new AdminError(404, [{ code: 1004, message: 'Custom Provider not found' }])
}
