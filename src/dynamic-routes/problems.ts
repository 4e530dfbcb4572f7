/** One thing wrong with a route definition; `path` is inside the request body, e.g. `["elements", 2, "outputs"]`. */
export interface RouteProblem {
  readonly message: string
  readonly path: ReadonlyArray<string | number>
}

/** Thrown when a route definition cannot be saved; carries every problem found, each naming its element. */
export class InvalidRoute extends Error {
  constructor(readonly problems: readonly RouteProblem[]) {
    super(problems.map((problem) => problem.message).join('; '))
  }
}

/** Collects problems for one element so each message starts with the element's id and position. */
export class ElementProblems {
  constructor(
    private readonly out: RouteProblem[],
    private readonly index: number,
    private readonly id: string | undefined,
  ) {}

  /** Problems found so far, for this and every other element. */
  get count(): number {
    return this.out.length
  }

  add(field: ReadonlyArray<string | number>, problem: string): void {
    const where = this.id === undefined ? `elements[${this.index}]` : `element '${this.id}'`
    const label = field.length === 0 ? '' : ` ${fieldLabel(field)}:`
    this.out.push({ message: `${where}${label} ${problem}`, path: ['elements', this.index, ...field] })
  }
}

function fieldLabel(field: ReadonlyArray<string | number>): string {
  return field
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
}
