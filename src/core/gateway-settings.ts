/**
 * A gateway's settings in the shape of the official `cloudflare` SDK (`aiGateway.*` types, F296).
 * Stored as one JSON document per gateway; the data plane reads a snapshot per request.
 */
export type Action = 'FLAG' | 'BLOCK'
export type GuardrailCategory =
  'P1' | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9' | 'S10' | 'S11' | 'S12' | 'S13'

export interface DlpPolicy {
  id: string
  action: Action
  check: Array<'REQUEST' | 'RESPONSE'>
  enabled: boolean
  profiles: string[]
}

export type DlpSettings =
  { enabled: boolean; action: Action; profiles: string[] } | { enabled: boolean; policies: DlpPolicy[] }

export interface SpendLimitRule {
  limit: number
  limitType: 'cost'
  window: number
  id?: string
  enabled?: boolean
  metadata?: Record<string, { mode: 'partition' } | { mode: 'filter'; values: string[] }>
  model?: { mode: 'filter'; values: string[] }
  provider?: { mode: 'filter'; values: string[] }
  technique?: 'fixed' | 'sliding'
}

export interface OtelExporter {
  headers: Record<string, string>
  url: string
  authorization?: string
  content_type?: 'json' | 'protobuf'
}

export interface GatewaySettings {
  id: string
  cache_invalidate_on_update: boolean
  cache_ttl: number | null
  collect_logs: boolean
  created_at: string
  modified_at: string
  rate_limiting_interval: number | null
  rate_limiting_limit: number | null
  authentication: boolean
  byok_only: boolean
  dlp?: DlpSettings
  guardrails?: {
    prompt: Partial<Record<GuardrailCategory, Action>>
    response: Partial<Record<GuardrailCategory, Action>>
  } | null
  is_default: boolean
  log_classification: boolean
  log_management: number | null
  log_management_strategy: 'STOP_INSERTING' | 'DELETE_OLDEST' | null
  logpush: boolean
  logpush_public_key: string | null
  otel: OtelExporter[] | null
  rate_limiting_technique: 'fixed' | 'sliding' | null
  retry_backoff: 'constant' | 'linear' | 'exponential' | null
  retry_delay: number | null
  retry_max_attempts: number | null
  spend_limits: { enabled?: boolean; rules?: SpendLimitRule[] } | null
  store_id: string | null
  stripe: { authorization: string; usage_events: Array<{ payload: string }> } | null
  workers_ai_billing_mode: 'postpaid' | 'unified'
  zdr: boolean
}

/** Defaults for fields a create request may omit; F090 adjusts them for the default gateway. */
export function defaultSettings(id: string, at: string): GatewaySettings {
  return {
    id,
    cache_invalidate_on_update: false,
    cache_ttl: 0,
    collect_logs: true,
    created_at: at,
    modified_at: at,
    rate_limiting_interval: 0,
    rate_limiting_limit: 0,
    authentication: false,
    byok_only: false,
    guardrails: null,
    is_default: false,
    log_classification: false,
    log_management: 10_000_000, // F249
    log_management_strategy: 'STOP_INSERTING',
    logpush: false,
    logpush_public_key: null,
    otel: null,
    rate_limiting_technique: 'fixed',
    retry_backoff: null,
    retry_delay: null,
    retry_max_attempts: null,
    spend_limits: null,
    store_id: null,
    stripe: null,
    workers_ai_billing_mode: 'postpaid',
    zdr: false,
  }
}

/** F089/F090: the auto-created `default` gateway has authentication and logs on, cache and limits off. */
export function defaultGatewaySettings(at: string): GatewaySettings {
  return { ...defaultSettings('default', at), authentication: true, is_default: true }
}
