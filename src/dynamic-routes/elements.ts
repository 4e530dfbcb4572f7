/**
 * A dynamic route's elements after validation, in the docs' spelling (F189–F195, F345): what the store keeps
 * and the management API shows, whichever spelling the client sent.
 */
export interface Output {
  readonly elementId: string
}

export interface StartElement {
  readonly id: string
  readonly type: 'start'
  readonly outputs: { readonly next: Output }
}

export interface ConditionalElement {
  readonly id: string
  readonly type: 'conditional'
  readonly properties: { readonly condition: Readonly<Record<string, unknown>> }
  readonly outputs: { readonly true: Output; readonly false: Output }
}

/** Outputs are named `"<n>%"` (up to five) plus an optional `else`. */
export interface PercentageElement {
  readonly id: string
  readonly type: 'percentage'
  readonly outputs: Readonly<Record<string, Output>>
}

export type LimitType = 'count' | 'cost'
export type LimitTechnique = 'fixed' | 'sliding'

export interface RateLimitElement {
  readonly id: string
  readonly type: 'rate_limit'
  readonly properties: {
    readonly limitType: LimitType
    /** `metadata.*`, `headers.*` or `body.*`: one counter per distinct value. */
    readonly key: string
    /** Requests (count) or USD (cost) per interval. */
    readonly limit: number
    /** Seconds. */
    readonly interval: number
    readonly technique: LimitTechnique
  }
  readonly outputs: { readonly success: Output; readonly fallback?: Output }
}

export interface ModelElement {
  readonly id: string
  readonly type: 'model'
  readonly properties: {
    /** A `/compat` provider prefix (`openai`, `anthropic`, `custom-…`). */
    readonly provider: string
    readonly model: string
    /** ms until the first byte; absent: the request's or gateway's timeout applies. */
    readonly timeout?: number
    /** Retries after the first try (0–4); absent: the request's or gateway's setting applies. */
    readonly retries?: number
  }
  readonly outputs: { readonly success: Output; readonly fallback?: Output }
}

export interface EndElement {
  readonly id: string
  readonly type: 'end'
}

export type RouteElement =
  StartElement | ConditionalElement | PercentageElement | RateLimitElement | ModelElement | EndElement

export type ElementType = RouteElement['type']

/** The limits of one route, so a single route can never make validation or a request expensive. */
export const MAX_ELEMENTS = 100
export const MAX_PERCENTAGE_OUTPUTS = 5
export const MAX_RETRIES = 4
export const MAX_TIMEOUT_MS = 3_600_000
export const MAX_INTERVAL_SECONDS = 31 * 86_400

/** Every element an output of `element` leads to, in declaration order. */
export function outputsOf(element: RouteElement): Output[] {
  if (element.type === 'end') return []
  return Object.values(element.outputs as Record<string, Output | undefined>).filter(
    (output): output is Output => output !== undefined,
  )
}
