/** Credits are USD on the API and whole nano-dollars in the ledger, so sums of tiny costs stay exact. */
export const NANOS_PER_USD = 1_000_000_000

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD)
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD
}
