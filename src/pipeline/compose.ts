/** An onion stage: does its part, calls `next()` at most once, and may act on what comes back. */
export type Next<R> = () => Promise<R>
export type Stage<C, R> = (context: C, next: Next<R>) => Promise<R>

export function compose<C, R>(
  stages: ReadonlyArray<Stage<C, R>>,
  last: (context: C) => Promise<R>,
): (context: C) => Promise<R> {
  return (context) => {
    const dispatch = (index: number, called: { value: boolean }): Promise<R> => {
      if (called.value) return Promise.reject(new Error(`stage ${index - 1} called next() twice`))
      called.value = true
      const stage = stages[index]
      if (stage === undefined) return last(context)
      const guard = { value: false }
      return stage(context, () => dispatch(index + 1, guard))
    }
    return dispatch(0, { value: false })
  }
}
