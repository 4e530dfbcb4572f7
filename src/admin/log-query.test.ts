import { describe, expect, it } from 'vitest'
import { AdminError } from './admin-errors.js'
import { readFilters } from './log-filters.js'
import { logDeleteQuery, logListQuery, nextDown, nextUp } from './log-query.js'

const scope = { accountId: 'acct', gatewayId: 'gw' }

function errorOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, ...error.details[0] }
    throw error
  }
  throw new Error('expected an AdminError')
}

describe('filters in the query string (F253)', () => {
  it('reads the SDK form (allowDots, repeated arrays): each key starts a filter, values attach to it', () => {
    // What `qs.stringify({filters}, {allowDots: true, arrayFormat: 'repeat'})` produces for two filters.
    const query = new URLSearchParams(
      'filters.key=provider&filters.operator=eq&filters.value=openai&filters.value=anthropic' +
        '&filters.key=cost&filters.operator=gt&filters.value=0.5',
    )
    expect(readFilters(query)).toEqual([
      { key: 'provider', operator: 'eq', value: ['openai', 'anthropic'] },
      { key: 'cost', operator: 'gt', value: [0.5] },
    ])
  })

  it('reads indexed and JSON forms', () => {
    const indexed = new URLSearchParams(
      'filters[1][key]=success&filters[1][operator]=eq&filters[1][value][]=false' +
        '&filters[0].key=model&filters[0].operator=contains&filters[0].value[0]=gpt',
    )
    expect(readFilters(indexed)).toEqual([
      { key: 'model', operator: 'contains', value: ['gpt'] },
      { key: 'success', operator: 'eq', value: [false] },
    ])
    const json = new URLSearchParams({
      filters: JSON.stringify([{ key: 'feedback', operator: 'eq', value: [null, 1] }]),
    })
    expect(readFilters(json)).toEqual([{ key: 'feedback', operator: 'eq', value: [null, 1] }])
  })

  it('types values by key: numbers, booleans, dates as epoch ms, the SDK’s empty string as null', () => {
    const query = new URLSearchParams()
    const add = (key: string, operator: string, ...values: string[]) => {
      query.append('filters.key', key)
      query.append('filters.operator', operator)
      for (const value of values) query.append('filters.value', value)
    }
    add('tokens_in', 'lt', '100')
    add('cached', 'neq', 'true')
    add('created_at', 'gt', '2025-03-01T00:00:00Z')
    add('feedback', 'eq', '')
    add('dlp_action', 'eq', 'block')
    add('metadata.user', 'eq', 'alice')
    expect(readFilters(query)).toEqual([
      { key: 'tokens_in', operator: 'lt', value: [100] },
      { key: 'cached', operator: 'neq', value: [true] },
      { key: 'created_at', operator: 'gt', value: [Date.parse('2025-03-01T00:00:00Z')] },
      { key: 'feedback', operator: 'eq', value: [null] },
      { key: 'dlp_action', operator: 'eq', value: ['BLOCK'] },
      { key: 'metadata.user', operator: 'eq', value: ['alice'] },
    ])
  })

  it.each([
    [
      'filters.key=nope&filters.operator=eq&filters.value=1',
      ['query', 'filters', 0, 'key'],
      /not a log filter key/,
    ],
    [
      'filters.key=user_agent&filters.operator=eq&filters.value=x',
      ['query', 'filters', 0, 'key'],
      /not recorded by aigw/,
    ],
    [
      'filters.key=success&filters.operator=gt&filters.value=true',
      ['query', 'filters', 0, 'operator'],
      /eq, neq/,
    ],
    [
      'filters.key=cost&filters.operator=lt&filters.value=1&filters.value=2',
      ['query', 'filters', 0, 'value'],
      /exactly one/,
    ],
    ['filters.key=cost&filters.operator=eq', ['query', 'filters', 0, 'value'], /at least one/],
    [
      'filters.key=cost&filters.operator=eq&filters.value=',
      ['query', 'filters', 0, 'value', 0],
      /must be a number/,
    ],
    [
      'filters.key=cached&filters.operator=eq&filters.value=maybe',
      ['query', 'filters', 0, 'value', 0],
      /true or false/,
    ],
    [
      'filters.key=created_at&filters.operator=lt&filters.value=soon',
      ['query', 'filters', 0, 'value', 0],
      /ISO 8601/,
    ],
    [
      'filters.key=feedback&filters.operator=lt&filters.value=',
      ['query', 'filters', 0, 'value', 0],
      /cannot be compared with null/,
    ],
    [
      'filters.key=dlp_action&filters.operator=eq&filters.value=ALLOW',
      ['query', 'filters', 0, 'value', 0],
      /FLAG, BLOCK/,
    ],
    ['filters=not-json', ['query', 'filters'], /JSON array/],
  ])('refuses %s, naming the place', (search, path, message) => {
    const error = errorOf(() => readFilters(new URLSearchParams(search)))
    expect(error).toMatchObject({ status: 400, code: 2005, path })
    expect(error.message).toMatch(message)
  })
})

describe('list query → LogQuery', () => {
  it('defaults to newest first, 20 per page', () => {
    expect(logListQuery(scope, new URLSearchParams())).toEqual({
      query: { ...scope, filters: [], orderBy: 'created_at', direction: 'desc', page: 1, perPage: 20 },
      metaInfo: false,
    })
  })

  it('reads paging, ordering, search and meta_info; caps per_page at 50', () => {
    const { query, metaInfo } = logListQuery(
      scope,
      new URLSearchParams(
        'page=3&per_page=500&order_by=cost&order_by_direction=asc&search= alice &meta_info=true',
      ),
    )
    expect(query).toMatchObject({ page: 3, perPage: 50, orderBy: 'cost', direction: 'asc', search: 'alice' })
    expect(metaInfo).toBe(true)
  })

  it('order_by_direction wins over the deprecated direction', () => {
    expect(logListQuery(scope, new URLSearchParams('direction=asc')).query.direction).toBe('asc')
    expect(
      logListQuery(scope, new URLSearchParams('direction=asc&order_by_direction=desc')).query.direction,
    ).toBe('desc')
  })

  it('translates deprecated flat parameters into filters', () => {
    const { query } = logListQuery(
      scope,
      new URLSearchParams(
        'provider=openai&cached=false&feedback=1&min_cost=0.5&max_total_tokens=100&start_date=2025-01-01T00:00:00Z',
      ),
    )
    expect(query.filters).toEqual([
      { key: 'provider', operator: 'eq', value: ['openai'] },
      { key: 'cached', operator: 'eq', value: [false] },
      { key: 'feedback', operator: 'eq', value: [1] },
      { key: 'created_at', operator: 'gt', value: [nextDown(Date.parse('2025-01-01T00:00:00Z'))] },
      { key: 'cost', operator: 'gt', value: [nextDown(0.5)] },
      { key: 'tokens', operator: 'lt', value: [nextUp(100)] },
    ])
  })

  it('inclusive bounds: the adjacent double admits the bound itself and nothing beyond it', () => {
    for (const x of [0.5, 100, 0, -3, 1e-300, 1740830400000]) {
      expect(nextDown(x)).toBeLessThan(x)
      expect(nextUp(x)).toBeGreaterThan(x)
      // No double lies strictly between: the midpoint rounds to one of the ends.
      const mid = nextDown(x) / 2 + x / 2
      expect(mid === x || mid === nextDown(x)).toBe(true)
    }
  })

  it('refuses unknown parameters and bad values, naming them', () => {
    expect(errorOf(() => logListQuery(scope, new URLSearchParams('modle=x')))).toMatchObject({
      path: ['query', 'modle'],
    })
    expect(errorOf(() => logListQuery(scope, new URLSearchParams('order_by=price')))).toMatchObject({
      path: ['query', 'order_by'],
    })
    expect(errorOf(() => logListQuery(scope, new URLSearchParams('per_page=0')))).toMatchObject({
      path: ['query', 'per_page'],
    })
    expect(errorOf(() => logListQuery(scope, new URLSearchParams('min_cost=cheap')))).toMatchObject({
      path: ['query', 'min_cost'],
    })
    expect(errorOf(() => logListQuery(scope, new URLSearchParams('start_date=yesterday')))).toMatchObject({
      path: ['query', 'start_date'],
    })
  })
})

describe('delete query → LogQuery (F250)', () => {
  it('carries filters, limit and order; no filters means all logs', () => {
    expect(
      logDeleteQuery(scope, new URLSearchParams('limit=10&order_by=tokens_out&order_by_direction=asc')),
    ).toEqual({
      ...scope,
      filters: [],
      orderBy: 'tokens_out',
      direction: 'asc',
      page: 1,
      perPage: 1,
      limit: 10,
    })
  })

  it('refuses list-only parameters and a zero limit', () => {
    expect(errorOf(() => logDeleteQuery(scope, new URLSearchParams('provider=openai')))).toMatchObject({
      path: ['query', 'provider'],
    })
    expect(errorOf(() => logDeleteQuery(scope, new URLSearchParams('limit=0')))).toMatchObject({
      path: ['query', 'limit'],
    })
  })

  it('explains that ordering by feedback is not available', () => {
    expect(errorOf(() => logDeleteQuery(scope, new URLSearchParams('order_by=feedback'))).message).toMatch(
      /feedback is not supported/,
    )
  })
})
