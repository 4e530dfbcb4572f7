import { beforeEach, describe, expect, it } from 'vitest'
import type { LogFilter, LogQuery } from '../../core/log-entry.js'
import type { LogStore } from '../../core/stores.js'
import { logQuery, sampleEntries, T0 } from './log-fixtures.js'

type FilterCase = [title: string, filters: LogFilter[], expected: string[]]

const f = (key: string, operator: LogFilter['operator'], ...value: LogFilter['value']): LogFilter => ({
  key,
  operator,
  value,
})

/** F251/F253: every filter key, every operator that applies to it; ids listed in created_at-asc order. */
const columnCases: FilterCase[] = [
  ['provider eq', [f('provider', 'eq', 'openai')], ['log-01', 'log-03']],
  [
    'provider eq with several values is OR',
    [f('provider', 'eq', 'openai', 'anthropic')],
    ['log-01', 'log-02', 'log-03'],
  ],
  ['provider neq', [f('provider', 'neq', 'openai')], ['log-02', 'log-04', 'log-05']],
  ['provider eq is case-sensitive', [f('provider', 'eq', 'OpenAI')], []],
  ['model contains is case-insensitive', [f('model', 'contains', 'GPT')], ['log-01', 'log-03']],
  [
    'model contains with several values is OR',
    [f('model', 'contains', 'gemini', 'claude')],
    ['log-02', 'log-05'],
  ],
  ['model_type eq', [f('model_type', 'eq', 'text-generation')], ['log-04']],
  ['model lt compares text', [f('model', 'lt', 'claude-z')], ['log-02', 'log-04']],
  ['id eq', [f('id', 'eq', 'log-03')], ['log-03']],
  ['id neq', [f('id', 'neq', 'log-03', 'log-04')], ['log-01', 'log-02', 'log-05']],
  ['id gt (ULIDs sort by time)', [f('id', 'gt', 'log-03')], ['log-04', 'log-05']],
  ['event_id eq', [f('event_id', 'eq', 'evt-log-02')], ['log-02']],
  ['request_type eq', [f('request_type', 'eq', 'universal')], ['log-04']],
  [
    'request_content_type eq',
    [f('request_content_type', 'eq', 'application/json')],
    ['log-01', 'log-02', 'log-03', 'log-04', 'log-05'],
  ],
  ['response_content_type contains', [f('response_content_type', 'contains', 'event-stream')], ['log-03']],
  ['success eq false', [f('success', 'eq', false)], ['log-03']],
  [
    'success eq "true" (query-string form)',
    [f('success', 'eq', 'true')],
    ['log-01', 'log-02', 'log-04', 'log-05'],
  ],
  ['cached eq 1', [f('cached', 'eq', 1)], ['log-02']],
  ['cached neq true', [f('cached', 'neq', true)], ['log-01', 'log-03', 'log-04', 'log-05']],
  ['authentication eq false', [f('authentication', 'eq', false)], ['log-03']],
  ['status_code eq', [f('status_code', 'eq', 429)], ['log-03']],
  ['status_code gt given as a string', [f('status_code', 'gt', '299')], ['log-03']],
  ['cost gt', [f('cost', 'gt', 0.01)], ['log-03', 'log-04']],
  ['cost lt', [f('cost', 'lt', '0.002')], ['log-01', 'log-02']],
  ['cost eq 0', [f('cost', 'eq', 0)], ['log-02']],
  ['tokens (in + out) gt', [f('tokens', 'gt', 99)], ['log-03', 'log-04']],
  ['tokens eq', [f('tokens', 'eq', 100)], ['log-04']],
  ['tokens_in lt', [f('tokens_in', 'lt', 10)], ['log-02']],
  ['tokens_out gt', [f('tokens_out', 'gt', 40)], ['log-03', 'log-04']],
  ['duration lt', [f('duration', 'lt', 250)], ['log-01', 'log-02']],
  ['duration gt', [f('duration', 'gt', 250)], ['log-03', 'log-04']],
  [
    'created_at gt an ISO date',
    [f('created_at', 'gt', new Date(T0 + 2500).toISOString())],
    ['log-03', 'log-04', 'log-05'],
  ],
  ['created_at lt epoch milliseconds', [f('created_at', 'lt', T0 + 2000)], ['log-01']],
  ['created_at eq', [f('created_at', 'eq', new Date(T0 + 3000).toISOString())], ['log-03', 'log-04']],
  ['feedback eq null is "no feedback"', [f('feedback', 'eq', null)], ['log-01', 'log-04', 'log-05']],
  ['feedback neq null', [f('feedback', 'neq', null)], ['log-02', 'log-03']],
  ['feedback eq thumbs up', [f('feedback', 'eq', 1)], ['log-02']],
  [
    'feedback neq thumbs up keeps entries without feedback',
    [f('feedback', 'neq', 1)],
    ['log-01', 'log-03', 'log-04', 'log-05'],
  ],
  ['feedback lt', [f('feedback', 'lt', 0)], ['log-03']],
  ['dlp_action eq', [f('dlp_action', 'eq', 'FLAG')], ['log-03']],
  [
    'dlp_action eq FLAG or none',
    [f('dlp_action', 'eq', 'FLAG', null)],
    ['log-01', 'log-02', 'log-03', 'log-05'],
  ],
  [
    'dlp_action neq keeps entries without action',
    [f('dlp_action', 'neq', 'FLAG')],
    ['log-01', 'log-02', 'log-04', 'log-05'],
  ],
  ['filters are AND-ed', [f('provider', 'eq', 'openai'), f('success', 'eq', true)], ['log-01']],
]

/** F258–F260, F330: metadata keys and values, any key or one named key. */
const metadataCases: FilterCase[] = [
  ['metadata.key eq', [f('metadata.key', 'eq', 'plan')], ['log-01', 'log-05']],
  [
    'metadata.key eq with several keys',
    [f('metadata.key', 'eq', 'plan', 'vip')],
    ['log-01', 'log-02', 'log-05'],
  ],
  ['metadata.key neq', [f('metadata.key', 'neq', 'plan')], ['log-02', 'log-03', 'log-04']],
  ['metadata.key contains', [f('metadata.key', 'contains', 'VI')], ['log-02']],
  ['metadata.value eq string', [f('metadata.value', 'eq', 'alice')], ['log-01']],
  ['metadata.value eq matches numbers from strings', [f('metadata.value', 'eq', '42')], ['log-01']],
  ['metadata.value eq number', [f('metadata.value', 'eq', 7)], ['log-05']],
  ['metadata.value eq boolean', [f('metadata.value', 'eq', true)], ['log-02']],
  ['metadata.value eq boolean as text', [f('metadata.value', 'eq', 'true')], ['log-02']],
  ['metadata.value neq', [f('metadata.value', 'neq', 'alice')], ['log-02', 'log-03', 'log-04', 'log-05']],
  ['metadata.value contains folds case', [f('metadata.value', 'contains', 'LIC')], ['log-01', 'log-04']],
  ['metadata.value contains folds non-ASCII case', [f('metadata.value', 'contains', 'åL')], ['log-04']],
  ['metadata.value contains sees numbers as text', [f('metadata.value', 'contains', '3.5')], ['log-04']],
  ['metadata.value gt compares numeric values', [f('metadata.value', 'gt', 10)], ['log-01']],
  ['metadata.value lt compares numeric values', [f('metadata.value', 'lt', '5')], ['log-04']],
  ['F330 metadata.<name> eq', [f('metadata.user', 'eq', 'bob')], ['log-02']],
  ['F330 metadata.<name> eq only looks at that key', [f('metadata.plan', 'eq', 'alice')], []],
  [
    'F330 metadata.<name> neq keeps entries without the key',
    [f('metadata.user', 'neq', 'bob')],
    ['log-01', 'log-03', 'log-04', 'log-05'],
  ],
  [
    'F330 metadata.<name> eq null means absent',
    [f('metadata.plan', 'eq', null)],
    ['log-02', 'log-03', 'log-04'],
  ],
  ['F330 metadata.<name> neq null means present', [f('metadata.plan', 'neq', null)], ['log-01', 'log-05']],
  [
    'F330 metadata.<name> eq value or absent',
    [f('metadata.plan', 'eq', 'pro', null)],
    ['log-01', 'log-02', 'log-03', 'log-04'],
  ],
  ['F330 metadata.<name> gt', [f('metadata.n', 'gt', '10')], ['log-01']],
  ['F330 metadata.<name> contains', [f('metadata.user', 'contains', 'LI')], ['log-01', 'log-04']],
  ['F330 metadata.<name> boolean', [f('metadata.vip', 'eq', 'true')], ['log-02']],
]

const searchCases: Array<[title: string, search: string, expected: string[]]> = [
  ['matches the id', 'LOG-03', ['log-03']],
  ['matches the provider', 'anthropic', ['log-02']],
  ['matches the model, case-insensitively', 'GEMINI', ['log-05']],
  ['matches the path', 'generateContent', ['log-05']],
  ['matches metadata values', 'alice', ['log-01']],
  ['matches metadata keys', 'vip', ['log-02']],
  ['matches numeric metadata values as text', '42', ['log-01']],
  ['ignores blank text', '   ', ['log-01', 'log-02', 'log-03', 'log-04', 'log-05']],
  ['matches nothing', 'no-such-thing', []],
]

const invalidCases: Array<[title: string, query: Partial<LogQuery>, message: RegExp]> = [
  ['an unknown key', { filters: [f('colour', 'eq', 'red')] }, /colour/],
  ['an SDK key aigw does not record', { filters: [f('wholesale', 'eq', true)] }, /wholesale/],
  ['an inherited property name', { filters: [f('constructor', 'eq', 'x')] }, /constructor/],
  ['contains on a number', { filters: [f('cost', 'contains', '1')] }, /cost/],
  ['lt on a boolean', { filters: [f('success', 'lt', 1)] }, /success/],
  ['a non-numeric number', { filters: [f('tokens_in', 'gt', 'many')] }, /tokens_in/],
  ['a non-boolean boolean', { filters: [f('cached', 'eq', 'maybe')] }, /cached/],
  ['an unparseable date', { filters: [f('created_at', 'gt', 'yesterday-ish')] }, /created_at/],
  ['lt with two values', { filters: [f('cost', 'lt', 1, 2)] }, /cost/],
  ['an empty value list', { filters: [f('provider', 'eq')] }, /provider/],
  ['null on a non-nullable key', { filters: [f('provider', 'eq', null)] }, /provider/],
  ['an unknown operator', { filters: [{ key: 'model', operator: 'like' as 'eq', value: ['x'] }] }, /model/],
  ['lt on metadata keys', { filters: [f('metadata.key', 'lt', 'a')] }, /metadata\.key/],
  ['a non-numeric bound on metadata', { filters: [f('metadata.n', 'gt', 'lots')] }, /metadata\.n/],
  ['an unknown order_by', { orderBy: 'colour' as 'cost' }, /colour/],
  ['page 0', { page: 0 }, /page/],
  ['a fractional per_page', { perPage: 2.5 }, /per_page/],
]

export function logFilterContract(store: () => LogStore): void {
  const ids = async (query: Partial<LogQuery>): Promise<string[]> =>
    (await store().list(logQuery(query))).items.map((e) => e.id)

  beforeEach(async () => {
    await store().append(sampleEntries())
  })

  describe('filters', () => {
    it.each(columnCases)('F253 %s', async (_title, filters, expected) => {
      expect(await ids({ filters })).toEqual(expected)
      expect((await store().list(logQuery({ filters }))).total).toBe(expected.length)
    })

    it.each(metadataCases)('F260 %s', async (_title, filters, expected) => {
      expect(await ids({ filters })).toEqual(expected)
    })
  })

  describe('search', () => {
    it.each(searchCases)('F330 search %s', async (_title, search, expected) => {
      expect(await ids({ search })).toEqual(expected)
    })

    it('combines search with filters', async () => {
      const result = await store().list(logQuery({ search: 'gpt', filters: [f('success', 'eq', false)] }))
      expect(result.items.map((e) => e.id)).toEqual(['log-03'])
      expect(result.total).toBe(1)
    })
  })

  describe('invalid queries name the offending key', () => {
    it.each(invalidCases)('rejects %s', async (_title, query, message) => {
      await expect(store().list(logQuery(query))).rejects.toThrow(message)
      await expect(store().delete(logQuery(query))).rejects.toThrow(message)
      expect(await store().count(logQuery().accountId, logQuery().gatewayId)).toBe(5)
    })
  })
}
