import { describe, expect, it } from 'vitest'
import {
  compileCustomPattern,
  customPatternDetector,
  hasNestedUnboundedQuantifier,
  wordListDetector,
} from './custom-pattern.js'

const problemOf = (source: string) => {
  const compiled = compileCustomPattern(source)
  return compiled.ok ? undefined : compiled.problem
}

describe('compileCustomPattern (F214 custom regex entries)', () => {
  it.each([
    ['PROJ-\\d{4}'],
    ['(?i)confidential'],
    ['\\b[A-Z]{3}-\\d{2}-\\d{4}\\b'],
    ['(foo|bar)-\\d+'],
    ['[a-z0-9._%+-]+@corp\\.example'],
    ['(\\d{3}-)+\\d{4}'],
  ])('accepts %s', (source) => {
    expect(problemOf(source)).toBeUndefined()
  })

  it.each([
    ['', /must not be empty/],
    ['x'.repeat(1025), /at most 1024 characters/],
    ['([a-z', /not a valid regular expression/],
    ['a(?=b)', /lookahead or lookbehind/],
    ['(?<!a)b', /lookahead or lookbehind/],
    ['(a)\\1', /backreferences/],
    ['[[:digit:]]+', /POSIX class/],
    ['a(?i:b)', /inline flags/],
    ['a*', /must not match empty text/],
    ['(a+)+$', /catastrophic backtracking/],
    ['(\\w*\\s?)*x', /catastrophic backtracking/],
    ['((ab)*c)+d', /catastrophic backtracking/],
    ['(a|aa)+$', /catastrophic backtracking/],
  ])('refuses %s', (source, problem) => {
    expect(problemOf(source)).toMatch(problem)
  })

  it('a leading Rust-style (?i) becomes the i flag', () => {
    const compiled = compileCustomPattern('(?i)secret')
    expect(compiled.ok && compiled.regex.test('SeCrEt')).toBe(true)
  })

  it('the nesting check skips escapes and character classes', () => {
    expect(hasNestedUnboundedQuantifier('(\\(+)x')).toBe(false)
    expect(hasNestedUnboundedQuantifier('([+*])+')).toBe(false)
    expect(hasNestedUnboundedQuantifier('(a{2,})*')).toBe(true)
    expect(hasNestedUnboundedQuantifier('(a{2,3})*')).toBe(false)
  })
})

describe('custom entry detectors', () => {
  it('report every match; validation "luhn" keeps only Luhn-valid digits', () => {
    const compiled = compileCustomPattern('\\d{16}')
    if (!compiled.ok) throw new Error(compiled.problem)
    const plain = customPatternDetector('e', 'n', compiled.regex, undefined)
    const luhn = customPatternDetector('e', 'n', compiled.regex, 'luhn')
    const text = '4111111111111111 4111111111111112'
    expect(plain.find(text, 0).map((m) => m.start)).toEqual([0, 17])
    expect(luhn.find(text, 0).map((m) => m.start)).toEqual([0])
  })

  it('word lists match whole words, case-insensitively, with flexible spacing', () => {
    const words = wordListDetector('w', 'words', ['red falcon', 'bluebird', 'c++'])
    const text = 'The RED  falcon met a Bluebird; bluebirds and C++ too'
    expect(words.find(text, 0).map((m) => text.slice(m.start, m.end))).toEqual([
      'RED  falcon',
      'Bluebird',
      'C++',
    ])
  })
})

describe('custom patterns on long text', () => {
  it('matches across the 2 KB scan chunks exactly once each, including one straddling a chunk edge', () => {
    const compiled = compileCustomPattern('SECRET-\\d{6}')
    if (!compiled.ok) throw new Error(compiled.problem)
    const detector = customPatternDetector('e', 'n', compiled.regex, undefined)
    const filler = 'lorem ipsum '.repeat(170) // 2040 characters: the next match straddles the 2048 edge
    const text = `${filler}SECRET-123456 ${'z '.repeat(2000)}SECRET-654321`
    const found = detector.find(text, 0).map((m) => text.slice(m.start, m.end))
    expect(found).toEqual(['SECRET-123456', 'SECRET-654321'])
  })

  it('a quadratic pattern is accepted and stays linear in practice: chunks bound its cost', () => {
    const compiled = compileCustomPattern('[a-z0-9._%+-]+@corp\\.example')
    expect(compiled.ok).toBe(true)
    if (!compiled.ok) return
    const detector = customPatternDetector('e', 'n', compiled.regex, undefined)
    const text = `${'a'.repeat(50_000)} mail bob@corp.example`
    expect(detector.find(text, 0).map((m) => text.slice(m.start, m.end))).toEqual(['bob@corp.example'])
  })
})
