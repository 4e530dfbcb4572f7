import { readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { EvaluatorConfigError, resolveEvaluatorTarget } from '../policy/guardrails/evaluator-target.js'
import type { Config } from './config.js'
import { parseCidr } from '../custom-providers/address-policy.js'

function isCidr(value: string): boolean {
  try {
    parseCidr(value)
    return true
  } catch {
    return false
  }
}

const MIB = 1024 * 1024

const fileSchema = z
  .object({
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).optional(),
    data_dir: z.string().min(1).optional(),
    account_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters')
      .optional(),
    admin_token: z.string().min(16, 'must be at least 16 characters').optional(),
    master_key: z.string().min(1).optional(),
    guardrails_model: z
      .string()
      .regex(/^[^/]+\/.+$/, 'must be provider/model')
      .optional(),
    guardrails: z
      .object({
        model: z
          .string()
          .regex(/^[^/]+\/.+$/, 'must be provider/model')
          .optional(),
        timeout_ms: z.number().int().positive().optional(),
        chunk_chars: z.number().int().min(200).optional(),
        max_chunks: z.number().int().positive().optional(),
        stream_batch_chars: z.number().int().positive().optional(),
        api_key: z.string().min(1).optional(),
        base_url: z.url({ protocol: /^https?$/ }).optional(),
        prompt_format: z.enum(['auto', 'messages', 'template']).optional(),
      })
      .strict()
      .optional(),
    upstreams: z.record(z.string(), z.url({ protocol: /^https?$/ })).optional(),
    providers: z
      .object({
        'workers-ai': z
          .object({ account_id: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    pricing: z
      .array(
        z
          .object({
            provider: z.string().min(1),
            model: z.string().min(1),
            input_per_token: z.number().min(0),
            output_per_token: z.number().min(0),
            cached_input_per_token: z.number().min(0).optional(),
          })
          .strict(),
      )
      .optional(),
    gateways: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lowercase letters, digits and hyphens, ≤ 64'),
          })
          .catchall(z.unknown()),
      )
      .optional(),
    limits: z
      .object({
        max_request_bytes: z.number().int().positive().optional(),
        max_log_body_bytes: z.number().int().positive().optional(),
        shutdown_grace_ms: z.number().int().min(0).optional(),
        upstream_timeout_ms: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    logs: z
      .object({
        flush_interval_ms: z.number().int().positive().optional(),
        batch_size: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    custom_providers: z
      .object({
        allow_private_networks: z.boolean().optional(),
        allowed_networks: z
          .array(z.string().refine(isCidr, 'must be an IP address or CIDR range'))
          .optional(),
        allow_insecure_http: z.boolean().optional(),
      })
      .strict()
      .optional(),
    cache: z
      .object({
        memory_bytes: z.number().int().min(0).optional(),
        sqlite_threshold_bytes: z.number().int().min(0).optional(),
        disk_bytes: z.number().int().min(0).optional(),
        max_entry_bytes: z.number().int().positive().optional(),
        coalesce_wait_ms: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type ConfigFile = z.infer<typeof fileSchema>

export class ConfigError extends Error {}

function readConfigFile(path: string): ConfigFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`AIGW_CONFIG: cannot read ${path}: ${(error as Error).message}`)
  }
  let raw: unknown
  try {
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new ConfigError(
      `AIGW_CONFIG: ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    )
  }
  const parsed = fileSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.')
      if (issue.code === 'unrecognized_keys') {
        const prefix = key ? `${key}.` : ''
        return `unknown key ${issue.keys.map((k) => `'${prefix}${k}'`).join(', ')}`
      }
      return `'${key || '(root)'}': ${issue.message}`
    })
    throw new ConfigError(`AIGW_CONFIG: ${path}: ${problems.join('; ')}`)
  }
  return parsed.data
}

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name}: expected a whole number, got '${value}'`)
  return Number(value)
}

function envString(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}

/** `AIGW_UPSTREAM_GOOGLE_AI_STUDIO` → `google-ai-studio`. */
function upstreamsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('AIGW_UPSTREAM_') || !value) continue
    const slug = name.slice('AIGW_UPSTREAM_'.length).toLowerCase().replace(/_/g, '-')
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new ConfigError(`${name}: '${value}' is not an absolute URL`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ConfigError(`${name}: must be http(s)`)
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      throw new ConfigError(`${name}: must not contain credentials, a query or a fragment`)
    }
    out[slug] = value.replace(/\/+$/, '')
  }
  return out
}

/** `guardrails.model` is the current spelling; the older top-level `guardrails_model` must not contradict it. */
function guardrailsModelFromFile(file: ConfigFile): string | undefined {
  const nested = file.guardrails?.model
  if (nested !== undefined && file.guardrails_model !== undefined && nested !== file.guardrails_model) {
    throw new ConfigError(
      `AIGW_CONFIG: 'guardrails.model' (${nested}) and 'guardrails_model' (${file.guardrails_model}) disagree; keep one`,
    )
  }
  return nested ?? file.guardrails_model
}

/** The evaluator is checked here so a model aigw cannot call stops start-up instead of failing requests (F212). */
function guardrailsFrom(
  env: NodeJS.ProcessEnv,
  file: ConfigFile,
): Pick<Config, 'guardrailsModel' | 'guardrails'> {
  const fromEnv = envString(env, 'AIGW_GUARDRAILS_MODEL')
  const model = fromEnv ?? guardrailsModelFromFile(file) ?? 'workers-ai/@cf/meta/llama-guard-3-8b'
  const promptFormat = file.guardrails?.prompt_format ?? 'auto'
  try {
    resolveEvaluatorTarget(model, promptFormat)
  } catch (error) {
    if (!(error instanceof EvaluatorConfigError)) throw error
    throw new ConfigError(`${fromEnv ? 'AIGW_GUARDRAILS_MODEL' : 'guardrails.model'}: ${error.message}`)
  }
  return {
    guardrailsModel: model,
    guardrails: {
      timeoutMs: file.guardrails?.timeout_ms ?? 10_000,
      chunkChars: file.guardrails?.chunk_chars ?? 4000,
      maxChunks: file.guardrails?.max_chunks ?? 32,
      streamBatchChars: file.guardrails?.stream_batch_chars ?? 500,
      apiKey: envString(env, 'AIGW_GUARDRAILS_API_KEY') ?? file.guardrails?.api_key,
      baseUrl: file.guardrails?.base_url?.replace(/\/+$/, ''),
      promptFormat,
    },
  }
}

/** Env wins over the file; the file wins over defaults (CONTRACT.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const configFile = envString(env, 'AIGW_CONFIG')
  const file: ConfigFile = configFile ? readConfigFile(resolve(configFile)) : {}
  const accountId = envString(env, 'AIGW_ACCOUNT_ID') ?? file.account_id
  if (accountId !== undefined && !/^[0-9a-f]{32}$/.test(accountId)) {
    throw new ConfigError(`AIGW_ACCOUNT_ID: must be 32 lowercase hex characters, got '${accountId}'`)
  }
  const port = envInt(env, 'PORT') ?? file.port ?? 8787
  if (port > 65535) throw new ConfigError(`PORT: ${port} is not a valid port`)
  const fileUpstreams = Object.fromEntries(
    Object.entries(file.upstreams ?? {}).map(([slug, url]) => [slug, url.replace(/\/+$/, '')]),
  )
  return {
    host: envString(env, 'HOST') ?? file.host ?? '127.0.0.1',
    port,
    dataDir: resolve(envString(env, 'AIGW_DATA_DIR') ?? file.data_dir ?? './data'),
    accountId,
    adminToken: envString(env, 'AIGW_ADMIN_TOKEN') ?? file.admin_token,
    masterKey: envString(env, 'AIGW_MASTER_KEY') ?? file.master_key,
    ...guardrailsFrom(env, file),
    upstreams: { ...fileUpstreams, ...upstreamsFromEnv(env) },
    workersAiAccountId:
      envString(env, 'AIGW_WORKERS_AI_ACCOUNT_ID') ?? file.providers?.['workers-ai']?.account_id,
    pricing: file.pricing ?? [],
    gateways: (file.gateways ?? []) as Config['gateways'],
    limits: {
      maxRequestBytes: file.limits?.max_request_bytes ?? 32 * MIB,
      maxLogBodyBytes: file.limits?.max_log_body_bytes ?? 10 * 1000 * 1000,
      shutdownGraceMs: file.limits?.shutdown_grace_ms ?? 30_000,
      upstreamTimeoutMs: file.limits?.upstream_timeout_ms ?? 600_000,
    },
    logs: {
      flushIntervalMs: file.logs?.flush_interval_ms ?? 25,
      batchSize: file.logs?.batch_size ?? 128,
    },
    cache: {
      memoryBytes: file.cache?.memory_bytes ?? 64 * MIB,
      sqliteThresholdBytes: file.cache?.sqlite_threshold_bytes ?? 64 * 1024,
      diskBytes: file.cache?.disk_bytes ?? 1024 * MIB,
      maxEntryBytes: file.cache?.max_entry_bytes ?? 25 * 1000 * 1000,
      coalesceWaitMs: file.cache?.coalesce_wait_ms ?? 60_000,
    },
    customProviders: {
      allowPrivateNetworks: file.custom_providers?.allow_private_networks ?? false,
      allowedNetworks: file.custom_providers?.allowed_networks ?? [],
      allowInsecureHttp: file.custom_providers?.allow_insecure_http ?? false,
    },
    configFile,
  }
}
