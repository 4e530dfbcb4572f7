import type { EndNode, ModelNode, RouteNode, StartNode } from './graph.js'

/** Every compiled chain ends here; shared because an end node carries no state. */
export const END: EndNode = { type: 'end', id: 'end' }

/** A provider-native or `/compat` request: Start → Model → End. */
export function singleModelRoute<T>(target: T): StartNode<T> {
  const model: ModelNode<T> = { type: 'model', id: 'model', target, success: END, fallback: undefined }
  return { type: 'start', id: 'start', next: model }
}

/**
 * A Universal array (F037): each step's `fallback` is the next step, every `success` leads to the end, and
 * the last step has no fallback, so its failure is what the client receives.
 */
export function fallbackChain<T>(targets: readonly T[]): StartNode<T> {
  if (targets.length === 0) throw new Error('a fallback chain needs at least one target')
  let next: RouteNode<T> | undefined
  for (let index = targets.length - 1; index >= 0; index--) {
    next = { type: 'model', id: `step-${index}`, target: targets[index]!, success: END, fallback: next }
  }
  return { type: 'start', id: 'start', next: next! }
}
