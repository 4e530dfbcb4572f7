/**
 * The upstream's own wait instruction, in ms: `retry-after-ms` (OpenAI, Azure) when present, else
 * `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(
  headers: Record<string, string | string[]>,
  now: number,
): number | undefined {
  const ms = single(headers['retry-after-ms'])
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms))
  const value = single(headers['retry-after'])?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // HTTP dates name a weekday and month; without this, Date.parse reads '-3' as a year.
  if (!/[a-z]/i.test(value)) return undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
