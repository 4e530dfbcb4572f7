import { createHash } from 'node:crypto'

const LABEL = /^(\d{1,3}(?:\.\d{1,6})?)\s*%$/
/** Shares are compared with this slack so `33.333333% × 3` still counts as 100 %. */
export const PERCENT_EPSILON = 1e-6

/** F192: `"10%"` → 10; undefined when the label is not a percentage in (0, 100]. */
export function parsePercentLabel(label: string): number | undefined {
  const match = LABEL.exec(label.trim())
  if (!match) return undefined
  const percent = Number(match[1])
  return percent > 0 && percent <= 100 ? percent : undefined
}

/**
 * F192: where a request falls in [0, 100) for one percentage element. Deterministic for a request id (a
 * retried evaluation, or a test, lands on the same branch) and uniform over ids: SHA-256 spreads even ULIDs
 * that differ only in their last character, and the element id is mixed in so two splits in one route are
 * independent of each other.
 */
export function percentageDraw(requestId: string, elementId: string): number {
  const digest = createHash('sha256').update(requestId).update('\0').update(elementId).digest()
  // 48 bits keep the draw exact in a double.
  return (digest.readUIntBE(0, 6) / 2 ** 48) * 100
}
