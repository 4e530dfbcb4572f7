import type { GatewaySettings } from '../core/gateway-settings.js'
import type { RateWindow } from '../core/stores.js'

/**
 * F097/F169: the gateway's own limit, or undefined when rate limiting is off (limit or interval 0/null). The
 * technique defaults to `fixed`, the dashboard's default.
 */
export function gatewayRateWindow(settings: GatewaySettings | undefined): RateWindow | undefined {
  const limit = settings?.rate_limiting_limit ?? 0
  const interval = settings?.rate_limiting_interval ?? 0
  if (!(limit > 0) || !(interval > 0)) return undefined
  return {
    technique: settings?.rate_limiting_technique ?? 'fixed',
    intervalMs: interval * 1000,
    limit,
  }
}

/** One counter per gateway (F169); dynamic-route limits (F173) will use their own key space. */
export function gatewayRateKey(accountId: string, gatewayId: string): string {
  return `gw:${accountId}:${gatewayId}`
}

/** `Retry-After` is whole seconds (RFC 9110 §10.2.3); rounding up never invites a request that would fail. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000))
}

export function describeWindow(window: RateWindow): string {
  const seconds = window.intervalMs / 1000
  return `${window.limit} request${window.limit === 1 ? '' : 's'} per ${seconds} s (${window.technique} window)`
}
