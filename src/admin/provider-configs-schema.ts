import { z } from 'zod'
import type { ProviderConfigRecord } from '../core/stores.js'
import { CUSTOM_PREFIX, providerBySlug } from '../providers/index.js'

/**
 * Bodies of `…/gateways/{id}/provider_configs` (F230) in the `cloudflare` SDK's shape, plus aigw's
 * `description` (F223) and `region` (F228). `secret` is write-only: no response ever contains it, and no
 * validation message quotes it.
 */
export const MAX_SECRET_CHARS = 64 * 1024
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const REGION = /^[a-z0-9-]{1,64}$/
const CUSTOM_SLUG = /^custom-[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

const secret = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(MAX_SECRET_CHARS, { error: `must be at most ${MAX_SECRET_CHARS} characters` })

const providerSlug = z.string({ error: 'must be a string' }).transform((value, ctx) => {
  const canonical = canonicalProviderSlug(value)
  if (canonical === undefined) {
    ctx.issues.push({
      code: 'custom',
      message: 'must be a built-in provider slug (e.g. "openai", "anthropic") or "custom-{slug}"',
      input: value,
    })
    return z.NEVER
  }
  return canonical
})

const fields = {
  alias: z.string({ error: 'must be a string' }).regex(ALIAS, {
    error: 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  }),
  default_config: z.boolean({ error: 'must be true or false' }),
  secret,
  secret_id: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
  rate_limit: z
    .number({ error: 'must be an integer ≥ 0 (requests per period) or null' })
    .int({ error: 'must be an integer ≥ 0 (requests per period) or null' })
    .min(0, { error: 'must be an integer ≥ 0 (requests per period) or null' })
    .nullable(),
  rate_limit_period: z
    .number({ error: 'must be a whole number of seconds ≥ 1 or null' })
    .int({ error: 'must be a whole number of seconds ≥ 1 or null' })
    .min(1, { error: 'must be a whole number of seconds ≥ 1 or null' })
    .nullable(),
  description: z
    .string({ error: 'must be a string or null' })
    .max(500, { error: 'must be at most 500 characters' })
    .nullable(),
  region: z
    .string({ error: 'must be a string or null' })
    .regex(REGION, { error: 'must be a Google Cloud region such as "us-central1"' })
    .nullable(),
}

const optionalFields = {
  alias: fields.alias.optional(),
  default_config: fields.default_config.optional(),
  secret: fields.secret.optional(),
  secret_id: fields.secret_id.optional(),
  rate_limit: fields.rate_limit.optional(),
  rate_limit_period: fields.rate_limit_period.optional(),
  description: fields.description.optional(),
  region: fields.region.optional(),
}

export const providerConfigCreateSchema = z.strictObject({ provider_slug: providerSlug, ...optionalFields })
export const providerConfigUpdateSchema = z.strictObject({
  provider_slug: providerSlug.optional(),
  ...optionalFields,
})

export type ProviderConfigCreateInput = z.output<typeof providerConfigCreateSchema>
export type ProviderConfigUpdateInput = z.output<typeof providerConfigUpdateSchema>

/** `OpenAI` and `google` name built-in providers too (F043); custom providers are `custom-{slug}` (F241). */
export function canonicalProviderSlug(value: string): string | undefined {
  const builtIn = providerBySlug(value)
  if (builtIn) return builtIn.slug
  const lowered = value.toLowerCase()
  return lowered.startsWith(CUSTOM_PREFIX) && CUSTOM_SLUG.test(lowered) ? lowered : undefined
}

/** F230 response: the SDK's `ProviderConfigCreateResponse`, plus aigw's description, region and F225 fields. */
export interface ProviderConfigView {
  id: string
  alias: string
  default_config: boolean
  gateway_id: string
  modified_at: string
  provider_slug: string
  secret_id: string
  secret_preview: string
  rate_limit?: number
  rate_limit_period?: number
  description?: string
  region?: string
  created_at: string
  last_used_at: string | null
  /** F225: `invalid` once the provider refused the key (401/403) on its last use. */
  status: 'active' | 'invalid'
}

export function providerConfigView(config: ProviderConfigRecord): ProviderConfigView {
  return {
    id: config.id,
    alias: config.alias,
    default_config: config.defaultConfig,
    gateway_id: config.gatewayId,
    modified_at: config.modifiedAt,
    provider_slug: config.providerSlug,
    secret_id: config.secretId,
    secret_preview: config.secretPreview,
    ...(config.rateLimit === null ? {} : { rate_limit: config.rateLimit }),
    ...(config.rateLimitPeriod === null ? {} : { rate_limit_period: config.rateLimitPeriod }),
    ...(config.description === null ? {} : { description: config.description }),
    ...(config.region === null ? {} : { region: config.region }),
    created_at: config.createdAt,
    last_used_at: config.lastUsedAt,
    status: config.lastStatus === 401 || config.lastStatus === 403 ? 'invalid' : 'active',
  }
}
