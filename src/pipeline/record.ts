import type { IncomingHttpHeaders } from 'node:http'
import type { Controls } from '../core/controls.js'
import type { DlpLogFields, RequestType, Usage } from '../core/log-entry.js'
import type { SchemaFamily } from '../providers/define.js'

/** One upstream try: the route interpreter may make several per request (retries, fallbacks). */
export interface AttemptRecord {
  provider: string
  step: number
  status: number
  startedAt: number
  durationMs: number
  error?: string
  /** Set when this try was retried: the wait before the next one (F120, F121, F180). */
  retryDelayMs?: number
}

/** A stored provider key that served the request (F223): what billing and the key's last-use time need. */
export interface StoredKeyUse {
  configId: string
  providerSlug: string
  alias: string
}

/** What a finished request hands to its subscribers; bodies are raw bytes, parsed off the request path. */
export interface RequestRecord {
  logId: string
  eventId: string
  accountId: string
  gatewayId: string
  startedAt: number
  durationMs: number
  ttfbMs: number
  requestType: RequestType
  method: string
  /** Path after the provider slug (Cloudflare logs show e.g. `chat/completions`). */
  path: string
  provider: string
  /** Model when known before the response (request body, path); the log writer may fill it from the response. */
  model: string | undefined
  schema: SchemaFamily
  statusCode: number
  success: boolean
  cached: boolean
  step: number
  authenticated: boolean
  controls: Controls | undefined
  /** Whether a log entry is wanted at all (gateway `collect_logs` after the F115 override). */
  collectLog: boolean
  requestHeaders: IncomingHttpHeaders
  requestContentType: string
  requestBody: Buffer | null
  responseHeaders: Record<string, string | string[]>
  responseContentType: string
  response: {
    size: number
    truncated: boolean
    full: Buffer | null
    head: Buffer
    tail: Buffer
  }
  outcome: 'complete' | 'error' | 'client-closed'
  errorMessage: string | undefined
  /** Set when a translator already knows the usage (e.g. /compat); otherwise read from the response bytes. */
  usage: Usage | undefined
  attempts: AttemptRecord[]
  warnings: string[]
  /** Set when the request used a stored key (F223): spends credits (F231), updates the key's last use (F225). */
  storedKey?: StoredKeyUse
  /** Effective zero-data-retention flag (F234: `cf-aig-zdr` over the gateway's `zdr`), when either is set. */
  zdr?: boolean
  /** Transport facts for the log entry's `extra`, e.g. a realtime session's frame and byte counts (F056). */
  extra?: Record<string, unknown>
  /** What DLP matched (F220): the log's `dlpAction` and `extra.dlp`. */
  dlp?: DlpLogFields
}
