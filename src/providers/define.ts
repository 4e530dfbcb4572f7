import type { IncomingHttpHeaders } from 'node:http'

/**
 * A provider is data (ARCHITECTURE principle 1): where its upstream lives, how a key is attached,
 * which schema family it speaks. Only the few templated upstreams (Azure, Bedrock, Vertex, Workers AI,
 * Fal, Baseten models, custom providers) carry a `target` function.
 */

/** How a provider credential travels; used to recognise the gateway token in a key slot and to inject stored keys. */
export type AuthScheme =
  | { type: 'bearer' } // Authorization: Bearer <key>
  | { type: 'scheme'; scheme: string } // Authorization: <scheme> <key>, e.g. Cohere's `Token`, Fal's `Key`
  | { type: 'header'; name: string } // x-api-key, api-key, x-goog-api-key, xi-api-key, …
  | { type: 'signed-passthrough' } // Bedrock SigV4: never touched (F028)
  | { type: 'vertex' } // Authorization: Bearer <access token> minted from a service account (F033)

/** The schema families translators and usage readers are keyed by (never by provider). */
export type SchemaFamily =
  'openai-chat' | 'anthropic-messages' | 'gemini' | 'cohere' | 'workers-ai' | 'bedrock' | 'opaque'

export interface ProviderSettings {
  /** Cloudflare account id that Workers AI runs under (config `providers.workers-ai.account_id`). */
  workersAiAccountId?: string
}

export interface TargetInput {
  /** Path after `/{provider}`, starting with `/` (or empty). Never decoded. */
  rest: string
  headers: IncomingHttpHeaders
  settings: ProviderSettings
}

export interface Target {
  /** Path appended to the (possibly overridden) base; starts with `/` or is empty. */
  path: string
  /** Values for `{placeholders}` in `base`. */
  vars?: Record<string, string>
  /** A complete URL that replaces base + path (Fal's `x-fal-target-url`, F027); the override still swaps its origin. */
  absolute?: string
  /** Host header the upstream must see regardless of where the request is sent (Bedrock's signed host, F028). */
  host?: string
}

export interface CompatSpec {
  /** The `{prefix}/` of `model` on /compat (F014). */
  prefix: string
  schema: SchemaFamily
  /** Path under the base that chat requests go to. */
  path: string
}

export interface ProviderDescriptor {
  slug: string
  name: string
  /** Upstream base: scheme, host and fixed path, with `{placeholders}` for templated hosts. */
  base: string
  auth: AuthScheme
  /** Schema family of this provider's native API: decides usage reading and translation. */
  schema: SchemaFamily
  compat?: CompatSpec
  /** Headers added when the client did not send them (e.g. a default `anthropic-version`). */
  defaultHeaders?: Record<string, string>
  /** Maps the gateway path onto the upstream; absent means `rest` is appended to `base` as is. */
  target?: (input: TargetInput) => Target
  /** Model as the provider saw it, when it lives in the path rather than the body (Gemini, Workers AI, Bedrock, Azure). */
  modelFromPath?: (rest: string) => string | undefined
}

export function defineProvider(descriptor: ProviderDescriptor): ProviderDescriptor {
  return descriptor
}

export const bearer = (): AuthScheme => ({ type: 'bearer' })
export const header = (name: string): AuthScheme => ({ type: 'header', name: name.toLowerCase() })
export const scheme = (word: string): AuthScheme => ({ type: 'scheme', scheme: word })
