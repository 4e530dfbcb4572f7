import { describe, expect, it } from 'vitest'
import { compose, type Stage } from './compose.js'

describe('compose', () => {
  it('runs stages in array order around the last handler, onion style', async () => {
    const trace: string[] = []
    const stage =
      (name: string): Stage<string[], string> =>
      async (_context, next) => {
        trace.push(`${name}>`)
        const result = await next()
        trace.push(`<${name}`)
        return `${name}(${result})`
      }
    const run = compose([stage('a'), stage('b')], async () => {
      trace.push('last')
      return 'x'
    })
    expect(await run([])).toBe('a(b(x))')
    expect(trace).toEqual(['a>', 'b>', 'last', '<b', '<a'])
  })

  it('lets a stage answer without calling next', async () => {
    let reached = false
    const run = compose<null, string>([async () => 'short-circuit'], async () => {
      reached = true
      return 'last'
    })
    expect(await run(null)).toBe('short-circuit')
    expect(reached).toBe(false)
  })

  it('rejects a stage that calls next twice', async () => {
    const run = compose<null, string>(
      [async (_context, next) => (await next()) + (await next())],
      async () => 'x',
    )
    await expect(run(null)).rejects.toThrow(/next\(\) twice/)
  })
})
