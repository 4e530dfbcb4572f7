import type { z } from 'zod'
import { validationError, type ErrorPath } from './admin-errors.js'

type Issue = z.core.$ZodIssue
type Where = 'body' | 'query'

export interface Problem {
  message: string
  path: ErrorPath
}

/** Parses `input` or throws a 400 whose errors each name the offending field (`path: ["body", "cache_ttl"]`). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true })
  if (result.success) return result.data
  throw validationError(describeIssues(result.error.issues, where))
}

export function describeIssues(issues: readonly Issue[], where: Where, prefix: ErrorPath = []): Problem[] {
  return issues.flatMap((issue) => describeIssue(issue, where, [...prefix, ...issue.path.map(pathPart)]))
}

function describeIssue(issue: Issue, where: Where, path: ErrorPath): Problem[] {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The branch with the fewest complaints is the one the client most likely meant; report only its problems.
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? []
    if (closest.length > 0) return describeIssues(closest, where, path)
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      message: `${label([...path, key], where)} is not a recognised field`,
      path: [where, ...path, key],
    }))
  }
  return [{ message: `${label(path, where)} ${explain(issue)}`, path: [where, ...path] }]
}

function explain(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required'
  if (issue.message.startsWith('must ') || issue.message.startsWith('is ')) return issue.message
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}`
  return `is invalid: ${issue.message}`
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer'
  if (expected === 'null') return 'null'
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function label(path: ErrorPath, where: Where): string {
  if (path.length === 0) return where === 'body' ? 'The request body' : 'The query'
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
}

function pathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part)
}

/** A client value quoted in an error message, cut short so a huge input never bloats the answer. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
