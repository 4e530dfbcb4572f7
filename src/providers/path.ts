import { GatewayError } from '../core/errors.js'

/**
 * Small helpers for cutting a gateway `rest` path (`/a/b/c`, never decoded) into the parts a provider's
 * `target` needs. They slice the original string instead of re-joining segments so that `%2F`, `:` and
 * doubled slashes reach the upstream byte for byte.
 */

/** `'/a/b/'` → `['a', 'b', '']`; `''` → `[]`. */
export function segments(rest: string): string[] {
  if (rest === '') return []
  return (rest.startsWith('/') ? rest.slice(1) : rest).split('/')
}

/** The part of `rest` after its first `count` segments, keeping its leading `/` (`''` when nothing is left). */
export function afterSegments(rest: string, count: number): string {
  let position = 0
  for (let index = 0; index < count; index++) {
    const next = rest.indexOf('/', position + 1)
    if (next === -1) return ''
    position = next
  }
  return rest.slice(position)
}

/** `rest` minus `prefix` when `rest` starts with it on a segment boundary (`/v1` matches `/v1/x`, not `/v1beta`). */
export function underPrefix(rest: string, prefix: string): string | undefined {
  if (rest === prefix) return ''
  if (rest.startsWith(`${prefix}/`)) return rest.slice(prefix.length)
  return undefined
}

/** Percent-decodes a path segment for display (model names in logs); a malformed escape is kept as is. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function invalidPath(providerName: string, expected: string): GatewayError {
  return new GatewayError('invalid_request', `${providerName} path must look like ${expected}`)
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
