import { outputsOf, type RouteElement } from './elements.js'
import type { RouteProblem } from './problems.js'

/**
 * The route as a graph (F189–F195): exactly one start, every output names an element of the route, nothing
 * leads back to the start or round in a cycle, an end is reachable, and a model's `success` reaches an end
 * without calling another model (a route answers with one model response, F195).
 */
export function graphProblems(elements: readonly RouteElement[]): RouteProblem[] {
  const problems: RouteProblem[] = []
  const index = new Map(elements.map((element, i) => [element.id, i]))
  const at = (element: RouteElement): number => index.get(element.id)!
  const add = (element: RouteElement, field: Array<string | number>, message: string) =>
    problems.push({
      message: `element '${element.id}' ${message}`,
      path: ['elements', at(element), ...field],
    })

  const starts = elements.filter((element) => element.type === 'start')
  if (starts.length !== 1) {
    const found = starts.map((s) => `'${s.id}'`).join(', ')
    problems.push({
      message: `a route has exactly one start element; found ${starts.length === 0 ? 'none' : found}`,
      path: ['elements'],
    })
  }
  for (const element of elements) {
    if (element.type === 'end') continue
    for (const [name, output] of Object.entries(element.outputs as Record<string, { elementId: string }>)) {
      const target = index.get(output.elementId)
      const field = ['outputs', name, 'elementId']
      if (target === undefined)
        add(
          element,
          field,
          `outputs.${name} points at '${output.elementId}', which is not an element of this route`,
        )
      else if (elements[target]!.type === 'start')
        add(element, field, `outputs.${name} leads back to the start element`)
    }
  }
  if (problems.length > 0) return problems

  const byId = new Map(elements.map((element) => [element.id, element]))
  const cycle = findCycle(elements, byId)
  if (cycle) {
    add(
      cycle[0]!,
      ['outputs'],
      `is part of a cycle (${cycle.map((e) => e.id).join(' → ')} → ${cycle[0]!.id}); routes must not loop`,
    )
    return problems
  }
  const start = starts[0]!
  if (!reachable(start, byId).some((element) => element.type === 'end')) {
    add(start, [], 'reaches no end element')
  }
  for (const element of elements) {
    if (element.type !== 'model') continue
    const next = byId.get(element.outputs.success.elementId)!
    const model = reachable(next, byId).find((candidate) => candidate.type === 'model')
    if (model)
      add(
        element,
        ['outputs', 'success'],
        `leads to model element '${model.id}' on success; a successful model's output must lead to an end`,
      )
  }
  return problems
}

/** Every element reachable from `from`, itself included (depth first, each once). */
function reachable(from: RouteElement, byId: ReadonlyMap<string, RouteElement>): RouteElement[] {
  const seen = new Set<string>([from.id])
  const out: RouteElement[] = []
  const stack = [from]
  while (stack.length > 0) {
    const element = stack.pop()!
    out.push(element)
    for (const output of outputsOf(element)) {
      if (seen.has(output.elementId)) continue
      seen.add(output.elementId)
      stack.push(byId.get(output.elementId)!)
    }
  }
  return out
}

/** One cycle's elements in order, or undefined. Iterative colouring, so a long chain cannot overflow the stack. */
function findCycle(
  elements: readonly RouteElement[],
  byId: ReadonlyMap<string, RouteElement>,
): RouteElement[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  for (const root of elements) {
    if (state.has(root.id)) continue
    const path: RouteElement[] = []
    const stack: Array<{ element: RouteElement; next: number }> = [{ element: root, next: 0 }]
    state.set(root.id, 'open')
    path.push(root)
    while (stack.length > 0) {
      const frame = stack.at(-1)!
      const outputs = outputsOf(frame.element)
      if (frame.next >= outputs.length) {
        state.set(frame.element.id, 'done')
        stack.pop()
        path.pop()
        continue
      }
      const target = byId.get(outputs[frame.next++]!.elementId)!
      const seen = state.get(target.id)
      if (seen === 'open') return path.slice(path.indexOf(target))
      if (seen === undefined) {
        state.set(target.id, 'open')
        path.push(target)
        stack.push({ element: target, next: 0 })
      }
    }
  }
  return undefined
}
