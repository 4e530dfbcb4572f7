import { createContext, runInContext } from 'node:vm'
import { digitsOnly, luhnValid } from './checksums.js'
import type { Detector, DetectorMatch } from './detector.js'
import { DLP_LIMITS } from './profile-documents.js'

/**
 * Custom regex entries (F214). Cloudflare runs them on Rust's `regex` crate, which has no backtracking; here
 * they run on V8's backtracking engine, so a pattern is accepted only if (1) it uses nothing the Rust engine
 * would refuse either (lookaround, backreferences), (2) no unbounded quantifier repeats a group that itself
 * holds one (the classic `(a+)+` shape), and (3) it stays fast on adversarial inputs built from its own
 * characters, run in a VM context with a time limit. A leading Rust-style `(?i)`/`(?s)`/`(?m)` becomes a flag.
 */

/** Custom patterns have no declared bound: matches longer than this may be missed across stream events (F216). */
export const CUSTOM_MATCH_LENGTH = 128

const ADVERSARIAL_TIMEOUT_MS = 500

/**
 * Custom patterns run over chunks of at most this many characters (overlapping by CUSTOM_MATCH_LENGTH), so a
 * pattern that is quadratic on some input costs at most one chunk's square per chunk: linear in the text.
 * `^` and `$` therefore also match at chunk edges.
 */
const SCAN_CHUNK = 2048

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; problem: string }

export function compileCustomPattern(source: string): CompiledPattern {
  if (source.length === 0) return { ok: false, problem: 'must not be empty' }
  if (source.length > DLP_LIMITS.patternLength) {
    return {
      ok: false,
      problem: `must be at most ${DLP_LIMITS.patternLength} characters (got ${source.length})`,
    }
  }
  const { body, flags } = inlineFlags(source)
  const unsupported = unsupportedSyntax(body)
  if (unsupported) return { ok: false, problem: unsupported }
  let regex: RegExp
  try {
    regex = new RegExp(body, `gu${flags}`)
  } catch (error) {
    return { ok: false, problem: `is not a valid regular expression: ${(error as Error).message}` }
  }
  if (new RegExp(`^(?:${body})$`, `u${flags}`).test('')) {
    return { ok: false, problem: 'must not match empty text (it would match everywhere)' }
  }
  if (hasNestedUnboundedQuantifier(body)) {
    return {
      ok: false,
      problem:
        'repeats a group that itself contains an unbounded quantifier, e.g. (a+)+: catastrophic backtracking',
    }
  }
  if (slowOnAdversarialInput(body, `u${flags}`)) {
    return {
      ok: false,
      problem: `takes longer than ${ADVERSARIAL_TIMEOUT_MS} ms on adversarial input (catastrophic backtracking)`,
    }
  }
  return { ok: true, regex }
}

/**
 * A pattern that passed `compileCustomPattern` when it was saved: compiled without the (costly) adversarial
 * run, so the data plane can rebuild an account's profiles on the request path.
 */
export function compileStoredPattern(source: string): CompiledPattern {
  const { body, flags } = inlineFlags(source)
  try {
    return { ok: true, regex: new RegExp(body, `gu${flags}`) }
  } catch (error) {
    return { ok: false, problem: `is not a valid regular expression: ${(error as Error).message}` }
  }
}

function inlineFlags(source: string): { body: string; flags: string } {
  const match = /^\(\?([ims]+)\)/.exec(source)
  if (!match) return { body: source, flags: '' }
  return { body: source.slice(match[0].length), flags: [...new Set(match[1]!)].join('') }
}

function unsupportedSyntax(body: string): string | undefined {
  if (/\(\?<?[=!]/.test(body)) return 'must not use lookahead or lookbehind (the Rust regex syntax has none)'
  if (/\\[1-9]|\\k</.test(body)) return 'must not use backreferences (the Rust regex syntax has none)'
  if (/\[\[:/.test(body))
    return 'uses a POSIX class like [[:digit:]]; write \\d, \\s or an explicit class instead'
  if (/\(\?[a-zA-Z-]+[:)]/.test(body)) return 'uses inline flags other than a leading (?i), (?s) or (?m)'
  return undefined
}

interface GroupFrame {
  unbounded: boolean
}

/** Walks the pattern (escapes and character classes skipped) looking for `( …unbounded… )` + unbounded. */
export function hasNestedUnboundedQuantifier(body: string): boolean {
  const stack: GroupFrame[] = [{ unbounded: false }]
  let lastClosed: GroupFrame | undefined
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    if (char === '\\') {
      i++
      lastClosed = undefined
      continue
    }
    if (char === '[') {
      i = classEnd(body, i)
      lastClosed = undefined
      continue
    }
    const quantifier = quantifierAt(body, i)
    if (quantifier) {
      if (quantifier.unbounded && lastClosed?.unbounded) return true
      if (quantifier.unbounded) stack.at(-1)!.unbounded = true
      i += quantifier.length - 1
      lastClosed = undefined
      continue
    }
    if (char === '(') stack.push({ unbounded: false })
    else if (char === ')' && stack.length > 1) {
      lastClosed = stack.pop()!
      if (lastClosed.unbounded) stack.at(-1)!.unbounded = true
      continue
    }
    lastClosed = undefined
  }
  return false
}

function classEnd(body: string, start: number): number {
  for (let i = start + 1; i < body.length; i++) {
    if (body[i] === '\\') i++
    else if (body[i] === ']') return i
  }
  return body.length
}

function quantifierAt(body: string, i: number): { unbounded: boolean; length: number } | undefined {
  const char = body[i]
  const lazy = (length: number) => (body[i + length] === '?' ? length + 1 : length)
  if (char === '*' || char === '+') return { unbounded: true, length: lazy(1) }
  if (char === '?') return { unbounded: false, length: 1 }
  if (char !== '{') return undefined
  const match = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i))
  if (!match) return undefined
  return { unbounded: match[2] !== undefined && match[3] === '', length: lazy(match[0].length) }
}

/** Repeated runs of the pattern's own characters (and common classes) with a non-matching tail. */
function adversarialInputs(body: string): string[] {
  const literals = new Set(body.replace(/\\./g, '').replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, ''))
  for (const sample of ['a', 'A', '0', ' ', '-', '_', '.', '@', 'x1']) literals.add(sample)
  const inputs: string[] = []
  // Short runs expose exponential backtracking; runs as long as a scan chunk expose worse-than-quadratic cost.
  for (const sample of literals)
    inputs.push(`${sample.repeat(28)}\u0000`, `${sample.repeat(SCAN_CHUNK)}\u0000`)
  return inputs
}

function slowOnAdversarialInput(body: string, flags: string): boolean {
  const context = createContext({ source: body, flags, input: '' })
  runInContext('re = new RegExp(source, flags)', context)
  for (const input of adversarialInputs(body)) {
    context.input = input
    try {
      runInContext('re.test(input)', context, { timeout: ADVERSARIAL_TIMEOUT_MS })
    } catch {
      return true
    }
  }
  return false
}

/** A compiled custom entry as a detector; `validation: 'luhn'` keeps only matches whose digits pass Luhn. */
export function customPatternDetector(
  id: string,
  name: string,
  regex: RegExp,
  validation: 'luhn' | undefined,
): Detector {
  const matchChunk = (text: string, offset: number, last: boolean, out: Map<number, DetectorMatch>): void => {
    regex.lastIndex = 0
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++
        continue
      }
      const end = match.index + match[0].length
      // A match cut by the chunk's end is found whole in the next chunk, which starts CUSTOM_MATCH_LENGTH earlier.
      if (!last && end === text.length) continue
      if (validation === 'luhn' && !luhnValid(digitsOnly(match[0]))) continue
      const start = offset + match.index
      if (!out.has(start)) out.set(start, { start, end: offset + end, confidence: 'high' })
    }
  }
  return {
    id,
    name,
    maxLength: CUSTOM_MATCH_LENGTH,
    find(text, from) {
      const out = new Map<number, DetectorMatch>()
      const step = SCAN_CHUNK - CUSTOM_MATCH_LENGTH
      for (let start = from; start < text.length; start += step) {
        const last = start + SCAN_CHUNK >= text.length
        matchChunk(text.slice(start, start + SCAN_CHUNK), start, last, out)
        if (last) break
      }
      return [...out.values()].sort((a, b) => a.start - b.start)
    },
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

/** Word lists match whole words, case-insensitively; longer words first so a phrase wins over its prefix. */
export function wordListDetector(id: string, name: string, words: readonly string[]): Detector {
  const cleaned = [...new Set(words.map((word) => word.trim()).filter((word) => word !== ''))]
  cleaned.sort((a, b) => b.length - a.length)
  const alternatives = cleaned.map((word) => escapeRegex(word).replace(/\s+/g, '\\s+')).join('|')
  const regex = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu')
  const maxLength = Math.max(1, ...cleaned.map((word) => word.length * 2))
  return {
    id,
    name,
    maxLength,
    find(text, from) {
      if (cleaned.length === 0) return []
      const out: DetectorMatch[] = []
      regex.lastIndex = from
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        out.push({ start: match.index, end: match.index + match[0].length, confidence: 'high' })
      }
      return out
    },
  }
}
