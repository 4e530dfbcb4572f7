import type { GatewaySettings } from '../core/gateway-settings.js'

/** Orderings every backend shares; the SQL stores ORDER BY the same columns (binary collation). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Accounts and tokens list oldest first, ties broken by id. */
export function compareByCreation(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  return compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id)
}

/** Gateways list oldest first (so `default`, created first, leads), ties broken by id. */
export function compareGateways(a: GatewaySettings, b: GatewaySettings): number {
  return compareText(a.created_at, b.created_at) || compareText(a.id, b.id)
}
