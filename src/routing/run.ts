import { GatewayError } from '../core/errors.js'
import type { ConditionalNode, LimitNode, ModelNode, PercentageNode, RouteNode, StartNode } from './graph.js'

/** What one model node produced. A failure may still carry a response (an upstream error status, F030). */
export type StepOutcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly value: R; readonly reason: string }
  | { readonly ok: false; readonly error: unknown; readonly reason: string }

export interface StepInfo {
  /** Zero-based position among the model nodes tried so far: `cf-aig-step` (F038). */
  readonly index: number
  /** A fallback would take over a failure, so the runner should make sure of success before reporting it. */
  readonly canFallBack: boolean
}

/** Calls the upstream for a model node; the interpreter only decides where to go next. */
export interface StepRunner<T, R> {
  run(node: ModelNode<T>, step: StepInfo): Promise<StepOutcome<R>>
  /** Releases a failed response that the client will never see (its body is not read). */
  discard(value: R): void
}

export interface RouteResult<T, R> {
  readonly value: R
  readonly node: ModelNode<T>
  readonly step: number
}

export interface LimitDecision {
  readonly allowed: boolean
  /** When refused: ms until the limit would admit the request again (the 429's `Retry-After`). */
  readonly retryAfterMs: number
  /** The limit in words for the refusal, e.g. `100 requests per 3600 s for metadata.user_id "u1"`. */
  readonly detail: string
}

/**
 * Decides the branches of dynamic-route elements (F191–F193). Routes without such elements need none; one
 * that reaches them without an evaluator fails with `not_implemented` naming the element.
 */
export interface BranchEvaluator<T> {
  condition(node: ConditionalNode<T>): boolean
  /** Where this request falls in [0, 100) for this split, fixed per request and element (F192). */
  draw(node: PercentageNode<T>): number
  limit(node: LimitNode<T>): Promise<LimitDecision>
  /** Hears every element the route enters, in order (the route path a log entry shows). */
  visit?(node: RouteNode<T>): void
}

/** A validated route is acyclic; this only stops a malformed one from spinning. */
const MAX_VISITS = 256

/**
 * Walks a route from its start (ARCHITECTURE principle 2): model nodes call the runner and continue on
 * `success` or `fallback` (F037, F194); a failed model without a fallback ends the route with its own failure
 * (an upstream error response passes through untouched, a gateway error is thrown); End returns the last
 * answer (F195). A runner reports a failure a fallback may take over as an outcome; what it throws ends the
 * route whatever follows (the client went away, or the request itself was refused).
 */
export async function runRoute<T, R>(
  start: StartNode<T>,
  runner: StepRunner<T, R>,
  evaluator?: BranchEvaluator<T>,
): Promise<RouteResult<T, R>> {
  evaluator?.visit?.(start)
  let node: RouteNode<T> = start.next
  let answer: RouteResult<T, R> | undefined
  let failure: unknown
  let steps = 0
  for (let visits = 0; visits < MAX_VISITS; visits++) {
    evaluator?.visit?.(node)
    if (node.type === 'end') {
      if (answer) return answer
      throw (
        failure ?? new GatewayError('upstream_unreachable', `route reached '${node.id}' before any model ran`)
      )
    }
    if (node.type === 'start') {
      node = node.next
      continue
    }
    if (node.type !== 'model') {
      node = await branch(node, evaluator)
      continue
    }
    const step = steps++
    const outcome = await runner.run(node, { index: step, canFallBack: node.fallback !== undefined })
    if (outcome.ok) {
      answer = { value: outcome.value, node, step }
      failure = undefined
      node = node.success
      continue
    }
    if (node.fallback === undefined) {
      if ('value' in outcome) return { value: outcome.value, node, step }
      throw outcome.error
    }
    if ('value' in outcome) runner.discard(outcome.value)
    failure = 'error' in outcome ? outcome.error : new GatewayError('upstream_unreachable', outcome.reason)
    node = node.fallback
  }
  throw new GatewayError('internal', `route did not reach an end within ${MAX_VISITS} elements`)
}

/**
 * F191 a conditional takes `true` or `false`; F192 a split takes the share its draw falls in; F193 a limit
 * takes `success` while it admits the request, else `fallback` — without one the route ends with a 429 (F149).
 */
async function branch<T>(
  node: ConditionalNode<T> | PercentageNode<T> | LimitNode<T>,
  evaluator: BranchEvaluator<T> | undefined,
): Promise<RouteNode<T>> {
  if (!evaluator) {
    throw new GatewayError(
      'not_implemented',
      `route element '${node.id}' of type ${node.type} needs a dynamic route to be evaluated`,
    )
  }
  if (node.type === 'conditional') return evaluator.condition(node) ? node.whenTrue : node.whenFalse
  if (node.type === 'percentage') return pickShare(node, evaluator.draw(node))
  const decision = await evaluator.limit(node)
  if (decision.allowed) return node.success
  if (node.fallback) return node.fallback
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000))
  throw new GatewayError('route_limited', `route element '${node.id}' allows ${decision.detail}`, {
    headers: { 'retry-after': String(seconds) },
  })
}

/** Shares are laid end to end from 0 in declaration order; a draw past them all takes `otherwise` (F192). */
export function pickShare<T>(node: PercentageNode<T>, draw: number): RouteNode<T> {
  let upTo = 0
  for (const share of node.branches) {
    upTo += share.percent
    if (draw < upTo) return share.next
  }
  // Without `otherwise` the shares total 100 %; rounding may leave a draw just past the last one.
  return node.otherwise ?? node.branches.at(-1)!.next
}
