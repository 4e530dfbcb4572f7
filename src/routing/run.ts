import { GatewayError } from '../core/errors.js'
import type { ModelNode, RouteNode, StartNode } from './graph.js'

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
): Promise<RouteResult<T, R>> {
  let node: RouteNode<T> = start.next
  let answer: RouteResult<T, R> | undefined
  let failure: unknown
  let steps = 0
  for (let visits = 0; visits < MAX_VISITS; visits++) {
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
    if (node.type !== 'model') throw notEvaluated(node)
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

/** Conditional, percentage and limit nodes are typed for dynamic routes (F191–F193); evaluation comes with them. */
function notEvaluated(node: RouteNode<unknown>): GatewayError {
  return new GatewayError(
    'not_implemented',
    `route element '${node.id}' of type ${node.type} cannot be evaluated yet`,
  )
}
