import type { RouteNode, StartNode } from '../routing/graph.js'
import { compileCondition, type Predicate } from './condition.js'
import type { ModelElement, RouteElement } from './elements.js'
import { parsePercentLabel } from './percentage.js'

/** What a model node of a dynamic route calls; turned into a `/compat` step per request (F194). */
export type ModelSpec = ModelElement['properties']

/** A deployed version, built once and reused for every request until another version is deployed. */
export interface CompiledRoute {
  readonly start: StartNode<ModelSpec>
  /** Conditions compiled once, by conditional element id (F191). */
  readonly predicates: ReadonlyMap<string, Predicate>
}

/**
 * Saved elements (validated: one start, no cycles, every output known) → the interpreter's graph
 * (ARCHITECTURE principle 2). Each element becomes one node, shared by every path that reaches it.
 */
export function compileRoute(elements: readonly RouteElement[]): CompiledRoute {
  const byId = new Map(elements.map((element) => [element.id, element]))
  const built = new Map<string, RouteNode<ModelSpec>>()
  const predicates = new Map<string, Predicate>()

  const node = (id: string): RouteNode<ModelSpec> => {
    const done = built.get(id)
    if (done) return done
    const element = byId.get(id)
    if (!element) throw new Error(`route element '${id}' is referenced but not defined`)
    const made = build(element, node, predicates)
    built.set(id, made)
    return made
  }

  const start = elements.find((element) => element.type === 'start')
  if (!start) throw new Error('a route needs a start element')
  return { start: node(start.id) as StartNode<ModelSpec>, predicates }
}

function build(
  element: RouteElement,
  node: (id: string) => RouteNode<ModelSpec>,
  predicates: Map<string, Predicate>,
): RouteNode<ModelSpec> {
  const { id } = element
  switch (element.type) {
    case 'start':
      return { type: 'start', id, next: node(element.outputs.next.elementId) }
    case 'end':
      return { type: 'end', id }
    case 'conditional':
      predicates.set(id, compileCondition(element.properties.condition))
      return {
        type: 'conditional',
        id,
        condition: element.properties.condition,
        whenTrue: node(element.outputs.true.elementId),
        whenFalse: node(element.outputs.false.elementId),
      }
    case 'percentage': {
      const { else: otherwise, ...shares } = element.outputs
      return {
        type: 'percentage',
        id,
        branches: Object.entries(shares).map(([label, output]) => ({
          label,
          percent: parsePercentLabel(label)!,
          next: node(output.elementId),
        })),
        otherwise: otherwise ? node(otherwise.elementId) : undefined,
      }
    }
    case 'rate_limit': {
      const { limitType, key, limit, interval, technique } = element.properties
      return {
        type: 'limit',
        id,
        limitType,
        key,
        limit,
        intervalSeconds: interval,
        technique,
        success: node(element.outputs.success.elementId),
        fallback: element.outputs.fallback ? node(element.outputs.fallback.elementId) : undefined,
      }
    }
    case 'model':
      return {
        type: 'model',
        id,
        target: element.properties,
        success: node(element.outputs.success.elementId),
        fallback: element.outputs.fallback ? node(element.outputs.fallback.elementId) : undefined,
      }
  }
}
