import { describe, expect, it } from 'vitest'
import type { Detector } from '../detector.js'

/** Every substring the detector reports in `text`. */
export function found(detector: Detector, text: string): string[] {
  return detector.find(text, 0).map((m) => text.slice(m.start, m.end))
}

export type Row = [text: string, expected: string[]]

export function table(name: string, detector: Detector, rows: Row[]): void {
  describe(name, () => {
    it('has at least 20 cases, positives and near misses', () => {
      expect(rows.length).toBeGreaterThanOrEqual(20)
      expect(rows.some(([, e]) => e.length === 0)).toBe(true)
      expect(rows.some(([, e]) => e.length > 0)).toBe(true)
    })
    it.each(rows)('%j → %j', (text, expected) => {
      expect(found(detector, text)).toEqual(expected)
    })
  })
}
