import { createPublicKey } from 'node:crypto'
import { z } from 'zod'
import type { GatewaySettings, GuardrailCategory } from '../core/gateway-settings.js'
import { preview } from './validation.js'

/**
 * The gateway settings accepted by create (POST) and update (PUT), in the `cloudflare` SDK's shape (F295, F296).
 * Every field is optional: create fills the rest from `defaultSettings`, update merges onto the stored gateway.
 * Unknown fields are rejected rather than dropped, so a typo never looks like a saved setting.
 */
export const GATEWAY_ID_MAX_LENGTH = 64 // F010, F304
export const MAX_CACHE_TTL_SECONDS = 2_592_000 // F159: one month
export const MAX_LOGS_PER_GATEWAY = 10_000_000 // F249, F304
export const MAX_RETRY_ATTEMPTS = 5 // F178
export const MAX_RETRY_DELAY_MS = 5_000 // F120, F178

const GATEWAY_ID_PATTERN = /^[a-z0-9-]+$/

export const gatewayIdSchema = z.string({ error: 'must be a string' }).check((ctx) => {
  const problem = gatewayIdProblem(ctx.value)
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
})

/** F010: lowercase alphanumerics and hyphens, at most 64 characters. */
export function gatewayIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty'
  if (id.length > GATEWAY_ID_MAX_LENGTH) {
    return `must be at most ${GATEWAY_ID_MAX_LENGTH} characters long (got ${id.length})`
  }
  if (!GATEWAY_ID_PATTERN.test(id)) {
    return `must contain only lowercase letters, digits and hyphens (got ${preview(id)})`
  }
  return undefined
}

function intIn(min: number, max: number | undefined, unit: string, why = '') {
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  const message = `must be an integer ${range}${unit ? ` ${unit}` : ''}${why ? ` (${why})` : ''}`
  const error = (issue: { input?: unknown }) => `${message}, got ${preview(issue.input)}`
  const base = z.number({ error }).int({ error }).min(min, { error })
  return max === undefined ? base : base.max(max, { error })
}

const bool = z.boolean({ error: 'must be true or false' })
const action = z.enum(['FLAG', 'BLOCK'], { error: 'must be "FLAG" or "BLOCK"' })
const nonEmptyString = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })

const legacyDlp = z.strictObject({
  enabled: bool,
  action,
  profiles: z.array(nonEmptyString, { error: 'must be an array of profile ids' }),
})

const dlpPolicy = z.strictObject({
  id: nonEmptyString,
  action,
  check: z
    .array(z.enum(['REQUEST', 'RESPONSE'], { error: 'must be "REQUEST" or "RESPONSE"' }))
    .min(1, { error: 'must name REQUEST, RESPONSE or both' }),
  enabled: bool,
  profiles: z.array(nonEmptyString, { error: 'must be an array of profile ids' }),
})

/** F104: the current `{enabled, policies}` shape and the legacy `{enabled, action, profiles}` shape. */
const dlp = z.union([
  legacyDlp,
  z
    .strictObject({ enabled: bool, policies: z.array(dlpPolicy, { error: 'must be an array of policies' }) })
    .check((ctx) => {
      const seen = new Set<string>()
      ctx.value.policies.forEach((policy, index) => {
        if (seen.has(policy.id)) {
          ctx.issues.push({
            code: 'custom',
            message: `must be unique, "${policy.id}" appears twice`,
            path: ['policies', index, 'id'],
            input: policy.id,
          })
        }
        seen.add(policy.id)
      })
    }),
])

const guardrailCategories = [
  'P1',
  'S1',
  'S2',
  'S3',
  'S4',
  'S5',
  'S6',
  'S7',
  'S8',
  'S9',
  'S10',
  'S11',
  'S12',
  'S13',
] as const satisfies readonly GuardrailCategory[]

const guardrailActions = z.partialRecord(
  z.enum(guardrailCategories, { error: `must be a hazard category (${guardrailCategories.join(', ')})` }),
  action,
)

const guardrails = z.strictObject({ prompt: guardrailActions, response: guardrailActions })

const otelExporter = z.strictObject({
  url: z.string({ error: 'must be a string' }).refine(isHttpUrl, { error: 'must be an http(s) URL' }),
  headers: z.record(z.string(), z.string({ error: 'must be a string' })).default({}),
  authorization: z.string({ error: 'must be a string' }).optional(),
  content_type: z.enum(['json', 'protobuf'], { error: 'must be "json" or "protobuf"' }).optional(),
})

const filterValues = z.strictObject({
  mode: z.literal('filter', { error: 'must be "filter"' }),
  values: z.array(z.string({ error: 'must be a string' })),
})

const spendLimitRule = z.strictObject({
  limit: z.number({ error: 'must be a number' }).min(0, { error: 'must be ≥ 0' }),
  limitType: z.literal('cost', { error: 'must be "cost"' }),
  window: intIn(1, undefined, 'seconds'),
  id: z.string({ error: 'must be a string' }).optional(),
  enabled: bool.optional(),
  metadata: z
    .record(
      z.string(),
      z.union([
        z.strictObject({ mode: z.literal('partition', { error: 'must be "partition"' }) }),
        filterValues,
      ]),
    )
    .optional(),
  model: filterValues.optional(),
  provider: filterValues.optional(),
  technique: z.enum(['fixed', 'sliding'], { error: 'must be "fixed" or "sliding"' }).optional(),
})

const spendLimits = z.strictObject({
  enabled: bool.optional(),
  rules: z.array(spendLimitRule, { error: 'must be an array of rules' }).optional(),
})

const stripe = z.strictObject({
  authorization: nonEmptyString,
  usage_events: z.array(z.strictObject({ payload: z.string({ error: 'must be a string' }) }), {
    error: 'must be an array of {payload}',
  }),
})

/** F102, F282: Logpush payloads are wrapped with RSA-OAEP, so the key must be an RSA public key in PEM. */
const logpushPublicKey = z.string({ error: 'must be a PEM string or null' }).check((ctx) => {
  const problem = rsaPublicKeyProblem(ctx.value)
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
})

/** Fields a client may set. `is_default`, `created_at` and `modified_at` are accepted but ignored (read-only). */
const settingsShape = {
  cache_invalidate_on_update: bool, // F095
  cache_ttl: intIn(0, MAX_CACHE_TTL_SECONDS, 'seconds', 'one month, F159').nullable(), // F094
  collect_logs: bool, // F096
  rate_limiting_interval: intIn(0, undefined, 'seconds').nullable(), // F097
  rate_limiting_limit: intIn(0, undefined, 'requests').nullable(),
  rate_limiting_technique: z.enum(['fixed', 'sliding'], { error: 'must be "fixed" or "sliding"' }).nullable(),
  authentication: bool, // F098
  byok_only: bool,
  dlp,
  guardrails: guardrails.nullable(), // F105
  log_classification: bool,
  log_management: intIn(1, MAX_LOGS_PER_GATEWAY, 'logs', 'F249').nullable(), // F099
  log_management_strategy: z
    .enum(['STOP_INSERTING', 'DELETE_OLDEST'], { error: 'must be "STOP_INSERTING" or "DELETE_OLDEST"' })
    .nullable(),
  logpush: bool, // F102
  logpush_public_key: logpushPublicKey.nullable(),
  otel: z.array(otelExporter, { error: 'must be an array of exporters' }).nullable(), // F103
  retry_backoff: z
    .enum(['constant', 'linear', 'exponential'], { error: 'must be "constant", "linear" or "exponential"' })
    .nullable(),
  retry_delay: intIn(0, MAX_RETRY_DELAY_MS, 'milliseconds', 'F120').nullable(),
  retry_max_attempts: intIn(1, MAX_RETRY_ATTEMPTS, '', 'F178').nullable(),
  spend_limits: spendLimits.nullable(),
  store_id: nonEmptyString.nullable(), // F106
  stripe: stripe.nullable(),
  workers_ai_billing_mode: z.enum(['postpaid', 'unified'], { error: 'must be "postpaid" or "unified"' }),
  zdr: bool, // F101
  is_default: z.unknown(),
  created_at: z.unknown(),
  modified_at: z.unknown(),
}

const optionalSettings = z.strictObject(settingsShape).partial()

export const gatewayCreateSchema = optionalSettings.extend({ id: gatewayIdSchema })
export const gatewayUpdateSchema = optionalSettings.extend({ id: gatewayIdSchema.optional() })

export type GatewaySettingsInput = z.output<typeof optionalSettings>

/** Compile-time proof that every accepted field has exactly the stored type (no silent coercion in merge). */
type Settable = Omit<GatewaySettingsInput, 'is_default' | 'created_at' | 'modified_at'>
const _settableMatchesStored: Settable extends Partial<GatewaySettings> ? true : never = true

const readOnly = new Set(['id', 'is_default', 'created_at', 'modified_at'])

/** F295: a partial body changes only the fields it names; nested objects (dlp, otel, …) are replaced whole. */
export function mergeSettings(base: GatewaySettings, input: GatewaySettingsInput): GatewaySettings {
  const merged: GatewaySettings = { ...base }
  const target = merged as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && !readOnly.has(key)) target[key] = value
  }
  return merged
}

/** Rules that span fields, checked on the merged result so partial updates cannot slip past them. */
export function crossFieldProblems(settings: GatewaySettings): Array<{ message: string; path: string[] }> {
  const problems: Array<{ message: string; path: string[] }> = []
  const limit = settings.rate_limiting_limit ?? 0
  const interval = settings.rate_limiting_interval ?? 0
  if (limit > 0 && interval <= 0) {
    problems.push({
      message: 'rate_limiting_interval must be greater than 0 when rate_limiting_limit is set (F097)',
      path: ['rate_limiting_interval'],
    })
  }
  return problems
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function rsaPublicKeyProblem(pem: string): string | undefined {
  try {
    const key = createPublicKey(pem)
    if (key.asymmetricKeyType !== 'rsa')
      return `must be an RSA public key (got ${key.asymmetricKeyType ?? 'unknown'})`
    return undefined
  } catch {
    return 'must be a PEM-encoded RSA public key (-----BEGIN PUBLIC KEY-----…)'
  }
}
