import type { UsageReading } from './usage-shapes.js'

/** Response headers as Node, undici or fetch hand them out. */
export type HeaderSource =
  { get(name: string): string | null } | Record<string, string | string[] | number | undefined>

const PREFIX = 'x-amzn-bedrock-'

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined
  const record = headers as Record<string, string | string[] | number | undefined>
  let value = record[name]
  if (value === undefined) {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name)
    value = key === undefined ? undefined : record[key]
  }
  if (Array.isArray(value)) value = value[0]
  return value === undefined ? undefined : String(value)
}

function tokenCount(headers: HeaderSource, suffix: string): number | undefined {
  const value = header(headers, `${PREFIX}${suffix}`)?.trim()
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
}

/**
 * Bedrock InvokeModel/Converse report usage in response headers, for every model family (the body shape
 * depends on the model). The input count excludes cache reads and writes, which are added to make the total.
 */
export function usageFromHeaders(headers: HeaderSource): UsageReading | undefined {
  const input = tokenCount(headers, 'input-token-count')
  const output = tokenCount(headers, 'output-token-count')
  if (input === undefined && output === undefined) return undefined
  const cacheRead = tokenCount(headers, 'cache-read-input-token-count')
  const cacheWrite = tokenCount(headers, 'cache-write-input-token-count')
  const usage: UsageReading = {
    inputTokens: (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: output ?? 0,
  }
  if (cacheRead !== undefined) usage.cachedInputTokens = cacheRead
  if (cacheWrite !== undefined && cacheWrite > 0) usage.cacheWriteInputTokens = cacheWrite
  return usage
}
