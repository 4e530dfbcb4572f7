import { describe, expect, it } from 'vitest'
import { parseRouteElements } from './parse-route.js'
import { InvalidRoute, type RouteProblem } from './problems.js'

const start = (next = 'm') => ({ id: 'start', type: 'start', outputs: { next: { elementId: next } } })
const end = (id = 'end') => ({ id, type: 'end' })
const model = (id = 'm', extra: Record<string, unknown> = {}) => ({
  id,
  type: 'model',
  properties: { provider: 'openai', model: 'gpt-4o-mini', timeout: 60000, retries: 4 },
  outputs: { success: { elementId: 'end' } },
  ...extra,
})

function problemsOf(elements: unknown): RouteProblem[] {
  try {
    parseRouteElements(elements)
  } catch (error) {
    if (error instanceof InvalidRoute) return [...error.problems]
    throw error
  }
  throw new Error('expected the route to be refused')
}

describe('parseRouteElements (F189–F195, F345)', () => {
  it('F190 F194 F195 accepts the docs’ minimal route and returns it unchanged', () => {
    const elements = [start(), model(), end()]
    expect(parseRouteElements(elements)).toEqual(elements)
  })

  it('F345 accepts the API schema’s spelling (rate, window, conditions) and emits the docs’ spelling', () => {
    const parsed = parseRouteElements([
      start('c'),
      {
        id: 'c',
        type: 'conditional',
        properties: { conditions: { 'metadata.plan': { $eq: 'free' } } },
        outputs: { true: { elementId: 'limit' }, false: { elementId: 'm' } },
      },
      {
        id: 'limit',
        type: 'rate',
        properties: { limitType: 'count', key: 'metadata.user_id', limit: 10, window: 60 },
        outputs: { success: { elementId: 'm' }, fallback: { elementId: 'end' } },
      },
      model(),
      end(),
    ])
    expect(parsed[1]).toEqual({
      id: 'c',
      type: 'conditional',
      properties: { condition: { 'metadata.plan': { $eq: 'free' } } },
      outputs: { true: { elementId: 'limit' }, false: { elementId: 'm' } },
    })
    expect(parsed[2]).toEqual({
      id: 'limit',
      type: 'rate_limit',
      properties: {
        limitType: 'count',
        key: 'metadata.user_id',
        limit: 10,
        interval: 60,
        technique: 'fixed',
      },
      outputs: { success: { elementId: 'm' }, fallback: { elementId: 'end' } },
    })
  })

  it('F193 the docs’ rate_limit with interval and technique, and a cost budget in USD', () => {
    const parsed = parseRouteElements([
      start('budget'),
      {
        id: 'budget',
        type: 'rate_limit',
        properties: {
          limitType: 'cost',
          key: 'metadata.team',
          limit: 2.5,
          interval: 3600,
          technique: 'sliding',
        },
        outputs: { success: { elementId: 'm' } },
      },
      model(),
      end(),
    ])
    expect(parsed[1]).toMatchObject({ type: 'rate_limit', properties: { limitType: 'cost', limit: 2.5 } })
  })

  it('F191 rejects an unsupported operator, naming the element and the place', () => {
    const problems = problemsOf([
      start('c'),
      {
        id: 'is-paid',
        type: 'conditional',
        properties: { condition: { $or: [{ 'metadata.plan': { $regex: '^p' } }, { $where: 'true' }] } },
        outputs: { true: { elementId: 'm' }, false: { elementId: 'm' } },
      },
      model(),
      end(),
    ])
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^element 'is-paid' properties\.condition\.\$or\.0\.metadata\.plan\.\$regex: operator \$regex is not supported/,
      ),
      expect.stringMatching(
        /^element 'is-paid' properties\.condition\.\$or\.1\.\$where: operator \$where is not supported/,
      ),
    ])
    expect(problems[0]!.path).toEqual([
      'elements',
      1,
      'properties',
      'condition',
      '$or',
      '0',
      'metadata.plan',
      '$regex',
    ])
  })

  it('F191 condition fields live under metadata., headers. or body.', () => {
    const problems = problemsOf([
      start('c'),
      {
        id: 'c',
        type: 'conditional',
        properties: { condition: { plan: 'free' } },
        outputs: { true: { elementId: 'm' }, false: { elementId: 'm' } },
      },
      model(),
      end(),
    ])
    expect(problems[0]!.message).toMatch(
      /element 'c' properties\.condition\.plan: fields are paths under metadata\./,
    )
  })

  it('F192 percentage: at most five shares, totalling 100% unless else takes the rest', () => {
    const split = (outputs: Record<string, string>) =>
      problemsOf([
        start('split'),
        {
          id: 'split',
          type: 'percentage',
          outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { elementId: v }])),
        },
        model(),
        end(),
      ]).map((p) => p.message)
    expect(split({ '10%': 'm', '50%': 'm' })).toEqual([
      'element \'split\' outputs: shares add up to 60%; they must total 100% or an "else" output must take the rest',
    ])
    expect(split({ '60%': 'm', '50%': 'm', else: 'm' })).toEqual([
      "element 'split' outputs: shares add up to 110%, more than 100%",
    ])
    expect(
      split({ '10%': 'm', '11%': 'm', '12%': 'm', '13%': 'm', '14%': 'm', '15%': 'm', else: 'm' }),
    ).toEqual(["element 'split' outputs: has 6 percentage outputs; at most 5 are allowed"])
    expect(split({ half: 'm', else: 'm' })[0]).toMatch(
      /element 'split' outputs\.half: output names are percentages/,
    )
    expect(() =>
      parseRouteElements([
        start('split'),
        { id: 'split', type: 'percentage', outputs: { '10%': { elementId: 'm' }, else: { elementId: 'm' } } },
        model(),
        end(),
      ]),
    ).not.toThrow()
  })

  it('names the element and field for bad model and limit properties', () => {
    const messages = problemsOf([
      start(),
      model('m', { properties: { provider: 'nope', model: '', timeout: 0, retries: 9, temperature: 1 } }),
      {
        id: 'lim',
        type: 'rate_limit',
        properties: { limitType: 'tokens', key: 'user', limit: 0, interval: 0 },
        outputs: { success: { elementId: 'end' }, otherwise: { elementId: 'end' } },
      },
      end(),
    ]).map((p) => p.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        "element 'm' properties.temperature: is not a recognised property (provider, model, timeout, retries)",
        expect.stringMatching(
          /^element 'm' properties\.provider: "nope" is not a provider reachable through \/compat/,
        ),
        'element \'m\' properties.model: is required, e.g. "gpt-4o-mini"',
        "element 'm' properties.timeout: must be a whole number of ms from 1 to 3600000",
        "element 'm' properties.retries: must be a whole number from 0 to 4",
        "element 'lim' outputs.otherwise: is not an output of this element (success, fallback)",
        'element \'lim\' properties.limitType: must be "count" or "cost", got "tokens"',
        expect.stringMatching(/^element 'lim' properties\.key: must be a request field/),
        expect.stringMatching(/^element 'lim' properties\.interval: must be a whole number of seconds/),
      ]),
    )
  })

  it('rejects unknown element types and fields, and duplicate ids', () => {
    const messages = problemsOf([
      start(),
      { id: 'm', type: 'llm', outputs: {} },
      { ...end(), position: { x: 1 } },
      end(),
    ]).map((p) => p.message)
    expect(messages).toEqual([
      expect.stringMatching(
        /^element 'm' type: must be one of start, conditional, percentage, rate_limit \(or rate\), model, end; got "llm"/,
      ),
      "element 'end' position: is not a recognised field (id, type, outputs, properties)",
      "elements[3].id 'end' is used by another element; ids must be unique",
    ])
  })

  it('F190 needs exactly one start; outputs must name elements of the route', () => {
    expect(problemsOf([model(), end()]).map((p) => p.message)).toEqual([
      'a route has exactly one start element; found none',
    ])
    expect(problemsOf([start(), { ...start(), id: 'start-2' }, model(), end()])[0]!.message).toBe(
      "a route has exactly one start element; found 'start', 'start-2'",
    )
    const dangling = problemsOf([start('ghost'), model(), end()])
    expect(dangling).toEqual([
      {
        message: "element 'start' outputs.next points at 'ghost', which is not an element of this route",
        path: ['elements', 0, 'outputs', 'next', 'elementId'],
      },
    ])
  })

  it('rejects cycles and paths back to the start', () => {
    const cycle = problemsOf([
      start('a'),
      {
        id: 'a',
        type: 'conditional',
        properties: { condition: { 'metadata.x': 1 } },
        outputs: { true: { elementId: 'b' }, false: { elementId: 'm' } },
      },
      {
        id: 'b',
        type: 'percentage',
        outputs: { '50%': { elementId: 'a' }, else: { elementId: 'm' } },
      },
      model(),
      end(),
    ])
    expect(cycle[0]!.message).toMatch(
      /element '.' is part of a cycle \((a → b|b → a) → (a|b)\); routes must not loop/,
    )
    const back = problemsOf([start(), model('m', { outputs: { success: { elementId: 'start' } } }), end()])
    expect(back[0]!.message).toBe("element 'm' outputs.success leads back to the start element")
  })

  it('F195 a successful model must lead to an end, not to another model', () => {
    const problems = problemsOf([
      start('a'),
      model('a', { outputs: { success: { elementId: 'b' } } }),
      model('b'),
      end(),
    ])
    expect(problems.map((p) => p.message)).toEqual([
      "element 'a' leads to model element 'b' on success; a successful model's output must lead to an end",
    ])
  })

  it('refuses an empty or non-array elements list', () => {
    expect(problemsOf([])[0]!.message).toBe('elements must be a non-empty array of route elements')
    expect(problemsOf({ start: {} })[0]!.path).toEqual(['elements'])
  })
})
