/** F222: how sure a detector is about a match; a profile's `confidence_threshold` drops weaker ones. */
export type Confidence = 'low' | 'medium' | 'high' | 'very_high'

export const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2, very_high: 3 }

export interface DetectorMatch {
  start: number
  end: number
  confidence: Confidence
}

/** One detection entry (a predefined profile entry, a custom regex or a word list). */
export interface Detector {
  /** Stable entry id, reported in `cf-aig-dlp` `entry_ids` (F136). */
  readonly id: string
  readonly name: string
  /** Longest text one match can span, keywords it needs included: the streaming overlap (F216) is derived from it. */
  readonly maxLength: number
  /** Matches starting at or after `from`; text before `from` is context only (lookbehind still sees it). */
  find(text: string, from: number): DetectorMatch[]
}

export interface RegexDetectorSpec {
  id: string
  name: string
  maxLength: number
  /** Must carry the `g` flag. */
  pattern: RegExp
  /**
   * Decides each candidate: a confidence, or undefined to reject it (failed checksum, excluded range…); with
   * `length` when the match is shorter than the candidate the pattern found.
   */
  validate(
    match: RegExpExecArray,
    text: string,
  ): Confidence | { confidence: Confidence; length: number } | undefined
}

export function regexDetector(spec: RegexDetectorSpec): Detector {
  if (!spec.pattern.global) throw new Error(`detector ${spec.name}: pattern needs the g flag`)
  const pattern = spec.pattern
  return {
    id: spec.id,
    name: spec.name,
    maxLength: spec.maxLength,
    find(text, from) {
      const out: DetectorMatch[] = []
      pattern.lastIndex = from
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (match[0].length === 0) {
          pattern.lastIndex++
          continue
        }
        const verdict = spec.validate(match, text)
        if (verdict === undefined) continue
        const length = typeof verdict === 'string' ? match[0].length : verdict.length
        const confidence = typeof verdict === 'string' ? verdict : verdict.confidence
        out.push({ start: match.index, end: match.index + length, confidence })
      }
      return out
    },
  }
}

/** Raises confidence when a keyword (e.g. "visa", "routing") appears shortly before the match. */
export function withContext(
  text: string,
  start: number,
  keywords: RegExp,
  base: Confidence,
  boosted: Confidence,
  radius = 48,
): Confidence {
  return keywords.test(text.slice(Math.max(0, start - radius), start)) ? boosted : base
}
