import { MAX_ELEMENTS, type RouteElement } from './elements.js'
import { parseElement } from './parse-element.js'
import { ElementProblems, InvalidRoute, type RouteProblem } from './problems.js'
import { graphProblems } from './validate-graph.js'

/**
 * Validates a route's `elements` as sent on save (F189–F195, either spelling, F345) and returns them in the
 * docs' spelling. Throws {@link InvalidRoute} listing every problem, each naming the element and field.
 */
export function parseRouteElements(raw: unknown): RouteElement[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InvalidRoute([
      { message: 'elements must be a non-empty array of route elements', path: ['elements'] },
    ])
  }
  if (raw.length > MAX_ELEMENTS) {
    throw new InvalidRoute([
      { message: `a route has at most ${MAX_ELEMENTS} elements, got ${raw.length}`, path: ['elements'] },
    ])
  }
  const problems: RouteProblem[] = []
  const seen = new Set<string>()
  const elements: RouteElement[] = []
  raw.forEach((item, index) => {
    const id = elementId(item, index, seen, problems)
    const element = parseElement(item, new ElementProblems(problems, index, id))
    if (element) elements.push(element)
  })
  if (problems.length > 0) throw new InvalidRoute(problems)
  const graph = graphProblems(elements)
  if (graph.length > 0) throw new InvalidRoute(graph)
  return elements
}

function elementId(
  item: unknown,
  index: number,
  seen: Set<string>,
  problems: RouteProblem[],
): string | undefined {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined
  const path = ['elements', index, 'id']
  if (typeof id !== 'string' || id === '' || id.length > 128) {
    problems.push({
      message: `elements[${index}].id must be a non-empty string of at most 128 characters`,
      path,
    })
    return undefined
  }
  if (seen.has(id)) {
    problems.push({
      message: `elements[${index}].id '${id}' is used by another element; ids must be unique`,
      path,
    })
    return id
  }
  seen.add(id)
  return id
}
