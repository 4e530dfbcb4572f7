import { describe, expect, it } from 'vitest'
import { checkCondition, compileCondition, type ConditionDocument } from './condition.js'
import { ElementProblems, type RouteProblem } from './problems.js'

const doc = (
  metadata: Record<string, unknown>,
  headers: Record<string, unknown> = {},
  body: unknown = {},
): ConditionDocument => ({ metadata, headers, body })

describe('conditions (F191)', () => {
  it('$eq on metadata, as in the docs example', () => {
    const free = compileCondition({ 'metadata.plan': { $eq: 'free' } })
    expect(free(doc({ plan: 'free' }))).toBe(true)
    expect(free(doc({ plan: 'paid' }))).toBe(false)
    expect(free(doc({}))).toBe(false)
  })

  it('supports $ne $in $nin $gt $gte $lt $lte $exists $and $or $not', () => {
    const query = compileCondition({
      $and: [
        { 'metadata.plan': { $in: ['pro', 'team'] } },
        { 'metadata.tier': { $nin: [0] } },
        { 'body.temperature': { $gte: 0.5, $lt: 1 } },
        { $or: [{ 'metadata.seats': { $gt: 10 } }, { 'metadata.beta': { $exists: true } }] },
        { 'metadata.region': { $not: { $eq: 'eu' } } },
        { 'metadata.user': { $ne: 'banned' } },
        { 'body.max_tokens': { $lte: 500 } },
      ],
    })
    const base = { plan: 'pro', tier: 1, seats: 11, region: 'us', user: 'u1' }
    const body = { temperature: 0.7, max_tokens: 100 }
    expect(query(doc(base, {}, body))).toBe(true)
    expect(query(doc({ ...base, plan: 'free' }, {}, body))).toBe(false)
    expect(query(doc({ ...base, seats: 2 }, {}, body))).toBe(false)
    expect(query(doc({ ...base, seats: 2, beta: true }, {}, body))).toBe(true)
    expect(query(doc({ ...base, region: 'eu' }, {}, body))).toBe(false)
    expect(query(doc(base, {}, { ...body, temperature: 1 }))).toBe(false)
    expect(query(doc(base, {}, { ...body, max_tokens: 501 }))).toBe(false)
    expect(query(doc({ ...base, user: 'banned' }, {}, body))).toBe(false)
  })

  it('header names match case-insensitively (Node lower-cases them)', () => {
    const gold = compileCondition({ 'headers.X-User-Tier': 'gold' })
    expect(gold(doc({}, { 'x-user-tier': 'gold' }))).toBe(true)
    expect(gold(doc({}, { 'x-user-tier': 'silver' }))).toBe(false)
  })

  it('checks reject operators outside the list, with their place', () => {
    const out: RouteProblem[] = []
    const problems = new ElementProblems(out, 3, 'cond')
    expect(
      checkCondition({ 'metadata.a': { $regex: 'x', $eq: 1 } }, problems, ['properties', 'condition']),
    ).toBe(false)
    expect(out).toEqual([
      {
        message: expect.stringMatching(
          /^element 'cond' properties\.condition\.metadata\.a\.\$regex: operator \$regex is not supported; use \$eq, \$ne/,
        ),
        path: ['elements', 3, 'properties', 'condition', 'metadata.a', '$regex'],
      },
    ])
  })

  it('checks $in arrays, $exists booleans, $not shapes, and mixed operator objects', () => {
    const out: RouteProblem[] = []
    const problems = new ElementProblems(out, 0, 'c')
    checkCondition(
      {
        'metadata.a': { $in: 'x' },
        'metadata.b': { $exists: 'yes' },
        'metadata.c': { $not: 'free' },
        'metadata.d': { $eq: 1, plain: 2 },
        $nor: [],
      },
      problems,
      ['properties', 'condition'],
    )
    expect(out.map((p) => p.message)).toEqual([
      "element 'c' properties.condition.metadata.a.$in: must be an array of values",
      "element 'c' properties.condition.metadata.b.$exists: must be true or false",
      'element \'c\' properties.condition.metadata.c.$not: must be an object of operators, e.g. {"$not": {"$eq": "free"}}',
      'element \'c\' properties.condition.metadata.d: mixes operators and plain fields; write {"$eq": {…}} to compare with an object',
      expect.stringMatching(/^element 'c' properties\.condition\.\$nor: operator \$nor is not supported/),
    ])
  })

  it('an empty condition is refused rather than matching everything', () => {
    const out: RouteProblem[] = []
    expect(checkCondition({}, new ElementProblems(out, 0, 'c'), ['properties', 'condition'])).toBe(false)
    expect(out[0]!.message).toMatch(/must name at least one field/)
  })
})
