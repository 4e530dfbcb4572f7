/**
 * The one route graph every entry compiles to (ARCHITECTURE principle 2): a provider-native call and a
 * `/compat` call are Start → Model → End, a Universal array is a chain of models linked by `fallback`
 * (F037), and a dynamic route (F188–F195) may use every node type. Nodes point at each other directly, so
 * walking a route is a few property reads; a route compiled from stored JSON is built once and reused.
 *
 * `T` is what a model node calls (the pipeline's upstream call description); this module never looks at it.
 */
export type RouteNode<T> =
  StartNode<T> | ConditionalNode<T> | PercentageNode<T> | LimitNode<T> | ModelNode<T> | EndNode

/** F190: forwards the request unchanged. */
export interface StartNode<T> {
  readonly type: 'start'
  readonly id: string
  readonly next: RouteNode<T>
}

/**
 * F191: MongoDB-style condition over `metadata.*`, `headers.*` and `body.*`, e.g.
 * `{ "metadata.plan": { "$eq": "free" } }`. Kept as the parsed JSON; evaluation lives beside the interpreter.
 */
export type Condition = Readonly<Record<string, unknown>>

export interface ConditionalNode<T> {
  readonly type: 'conditional'
  readonly id: string
  readonly condition: Condition
  readonly whenTrue: RouteNode<T>
  readonly whenFalse: RouteNode<T>
}

export interface PercentageBranch<T> {
  /** The output's name as written in the route (`"10%"`). */
  readonly label: string
  /** 0–100. */
  readonly percent: number
  readonly next: RouteNode<T>
}

/** F192: up to five named shares plus an optional `else` that takes the remainder. */
export interface PercentageNode<T> {
  readonly type: 'percentage'
  readonly id: string
  readonly branches: ReadonlyArray<PercentageBranch<T>>
  readonly otherwise: RouteNode<T> | undefined
}

/** F193: `count` limits requests, `cost` limits spend (a budget); without `fallback` a limited request ends the route. */
export interface LimitNode<T> {
  readonly type: 'limit'
  readonly id: string
  readonly limitType: 'count' | 'cost'
  /** Request field the limit is keyed by, e.g. `metadata.user_id`. */
  readonly key: string
  readonly limit: number
  readonly intervalSeconds: number
  readonly technique: 'fixed' | 'sliding'
  readonly success: RouteNode<T>
  readonly fallback: RouteNode<T> | undefined
}

/**
 * F194 / F037: one upstream call. `success` is taken once the model answered (for a stream: once its first
 * byte came); `fallback` after the call failed (error status, network error, timeout — retries happen inside
 * the call). A model node's own timeout and retries are part of `target` (its step controls), because the
 * attempt pipeline applies them.
 */
export interface ModelNode<T> {
  readonly type: 'model'
  readonly id: string
  readonly target: T
  readonly success: RouteNode<T>
  readonly fallback: RouteNode<T> | undefined
}

/** F195: returns the last model response; an error when no model answered. */
export interface EndNode {
  readonly type: 'end'
  readonly id: string
}
