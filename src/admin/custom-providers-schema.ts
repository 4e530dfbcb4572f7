import { z } from 'zod'
import type { CustomProviderRecord } from '../core/stores.js'

/**
 * Bodies of `…/ai-gateway/custom-providers` (F236, F239) in the `cloudflare` SDK's shape. `base_url` is
 * only typed here; its scheme and address are checked by custom-providers/base-url.ts (error 1002).
 */
const SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
])
const MAX_HEADERS = 32

const text = (max: number) =>
  z
    .string({ error: 'must be a string or null' })
    .max(max, { error: `must be at most ${max} characters` })
    .nullable()

const link = z
  .string({ error: 'must be a string or null' })
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), { error: 'must be an http(s) URL' })
  .nullable()

/** F236: `headers` is a JSON object (as a string, like the SDK sends it, or inline) of extra upstream headers. */
const headers = z
  .union([z.string(), z.record(z.string(), z.unknown())], {
    error: 'must be a JSON object of header names to values, or null',
  })
  .transform((value, ctx) => {
    const parsed = typeof value === 'string' ? parseObject(value) : value
    const problem =
      parsed === undefined ? 'must be a JSON object of header names to string values' : headersProblem(parsed)
    if (problem !== undefined) {
      ctx.issues.push({ code: 'custom', message: problem, input: '(not shown)' })
      return z.NEVER
    }
    return Object.fromEntries(Object.entries(parsed!).map(([name, v]) => [name.toLowerCase(), String(v)]))
  })
  .nullable()

const fields = {
  name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(255, {
    error: 'must be at most 255 characters',
  }),
  slug: z.string({ error: 'must be a string' }).regex(SLUG, {
    error: 'must be 1–64 letters, digits and hyphens, starting and ending with a letter or digit',
  }),
  base_url: z.string({ error: 'must be a string' }),
  description: text(1000),
  link,
  enable: z.boolean({ error: 'must be true or false' }),
  beta: z.boolean({ error: 'must be true or false' }),
  curl_example: text(16_384),
  js_example: text(16_384),
  position: z
    .number({ error: 'must be an integer or null' })
    .int({ error: 'must be an integer or null' })
    .nullable(),
  headers,
}

export const customProviderCreateSchema = z.strictObject({
  name: fields.name,
  slug: fields.slug,
  base_url: fields.base_url,
  description: fields.description.optional(),
  link: fields.link.optional(),
  enable: fields.enable.optional(),
  beta: fields.beta.optional(),
  curl_example: fields.curl_example.optional(),
  js_example: fields.js_example.optional(),
  position: fields.position.optional(),
  headers: fields.headers.optional(),
})

export const customProviderUpdateSchema = customProviderCreateSchema.partial()

export type CustomProviderCreateInput = z.output<typeof customProviderCreateSchema>
export type CustomProviderUpdateInput = z.output<typeof customProviderUpdateSchema>

function parseObject(value: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Names and values that would corrupt or hijack the upstream request are refused, naming the header only. */
function headersProblem(headers: Record<string, unknown>): string | undefined {
  const entries = Object.entries(headers)
  if (entries.length > MAX_HEADERS) return `must hold at most ${MAX_HEADERS} headers`
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name))
      return `must use valid header names (got ${JSON.stringify(name.slice(0, 64))})`
    const lowered = name.toLowerCase()
    if (RESERVED_HEADERS.has(lowered) || lowered.startsWith('cf-aig-')) {
      return `must not set ${lowered}: the gateway manages it`
    }
    if (typeof value !== 'string' && typeof value !== 'number')
      return `must give header ${lowered} a string value`
    const textValue = String(value)
    if (textValue.length > 8192 || /[\0\r\n]/.test(textValue)) {
      return `must keep header ${lowered} to 8192 characters without line breaks`
    }
  }
  return undefined
}

/** F237: the stored provider as the API shows it; timestamps are Unix seconds, `headers` values are previews. */
export function customProviderView(record: CustomProviderRecord) {
  return {
    id: record.id,
    account_id: record.accountId,
    account_tag: record.accountId,
    name: record.name,
    slug: record.slug,
    base_url: record.baseUrl,
    description: record.description,
    enable: record.enable,
    beta: record.beta,
    logo: record.logo,
    link: record.link,
    curl_example: record.curlExample,
    js_example: record.jsExample,
    headers: record.headersPreview,
    position: record.position,
    created_at: record.createdAt,
    modified_at: record.modifiedAt,
  }
}
