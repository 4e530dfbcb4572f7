import { GatewayError } from '../core/errors.js'
import type { ProviderDescriptor, TargetInput } from './define.js'

export interface Upstream {
  url: string
  /** `Host` the upstream must see even when the request goes elsewhere (Bedrock's signed host, F028). */
  host?: string
}

/** A value substituted into a host name: one DNS label, so a path segment can never redirect the request. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/
const PLACEHOLDER = /\{([a-z_]+)\}/gi
/** `..` in any spelling a URL parser would honour (WHATWG treats `%2e` as `.` and `\` as `/` for http). */
const DOT_DOT = /^(?:\.|%2e){2}$/i

/**
 * The upstream URL for a provider-native request (F002): the provider's base + the path after the slug +
 * the query, with templated parts (Azure resource/deployment, regions, Workers AI account) filled in.
 *
 * `override` is the operator's `AIGW_UPSTREAM_<SLUG>` base (run contract). It replaces the scheme, host
 * and fixed base path of the provider's `base`, and the upstream receives exactly the path the real
 * provider would receive under that base. So Azure
 * `/azure-openai/{resource}/{deployment}/chat/completions?api-version=X`, normally
 * `https://{resource}.openai.azure.com/openai/deployments/{deployment}/chat/completions?api-version=X`,
 * goes with override `http://127.0.0.1:9000` to
 * `http://127.0.0.1:9000/openai/deployments/{deployment}/chat/completions?api-version=X`. Values that only
 * lived in the replaced host (Azure resource, Bedrock/Vertex region, Baseten model) are dropped, except
 * Bedrock's `host`, which the client signed. For a whole-URL target (Fal's `x-fal-target-url`, Baseten
 * model hosts) the override replaces its origin and keeps its path and query.
 *
 * The path is never decoded or normalised (`%2F`, `:` reach the upstream verbatim); `..` segments are
 * rejected because the URL parser on the way out would resolve them against the base.
 */
export function resolveUpstream(
  descriptor: ProviderDescriptor,
  input: TargetInput,
  search: string,
  override?: string,
): Upstream {
  rejectDotSegments(input.rest)
  const target = descriptor.target ? descriptor.target(input) : { path: input.rest }
  rejectDotSegments(target.path)
  const query = search === '' || search.startsWith('?') ? search : `?${search}`
  const url =
    target.absolute !== undefined
      ? absoluteUrl(target.absolute, query, override)
      : `${trimSlashes(override ?? fillBase(descriptor, target.vars ?? {}))}${target.path}${query}`
  return target.host === undefined ? { url } : { url, host: target.host }
}

function rejectDotSegments(path: string): void {
  if (path.split(/[/\\]/).some((segment) => DOT_DOT.test(segment))) {
    throw new GatewayError('invalid_request', 'path must not contain ".." segments')
  }
}

function fillBase(descriptor: ProviderDescriptor, vars: Record<string, string>): string {
  return descriptor.base.replace(PLACEHOLDER, (_match, name: string) => {
    const value = vars[name]
    if (value === undefined || value === '') {
      throw new GatewayError('invalid_request', `${descriptor.name} upstream needs a ${name} in the path`)
    }
    if (!HOST_LABEL.test(value)) {
      throw new GatewayError(
        'invalid_request',
        `${descriptor.name} ${name} ${JSON.stringify(value)} is not valid`,
      )
    }
    return value
  })
}

/** A whole-URL target keeps its own query; the request's query applies only when it has none. */
function absoluteUrl(absolute: string, query: string, override: string | undefined): string {
  const url = new URL(absolute)
  const ownQuery = url.search !== ''
  if (override === undefined) return ownQuery ? absolute : `${absolute}${query}`
  return `${trimSlashes(override)}${url.pathname}${ownQuery ? url.search : query}`
}

function trimSlashes(base: string): string {
  return base.replace(/\/+$/, '')
}
