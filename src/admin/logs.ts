import type { LogEntry, LogOrderKey, LogQuery } from '../core/log-entry.js'
import type { LogStore } from '../core/stores.js'
import { adminError } from './admin-errors.js'
import { ok, pageInfo } from './envelope.js'
import { existing } from './gateways.js'
import { storedBody } from './log-bodies.js'
import { logPatchSchema, toLogPatch } from './log-patch-schema.js'
import { logDeleteQuery, logListQuery } from './log-query.js'
import { toLogDetail, toLogListItem } from './log-view.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/** F298: logs of one gateway — list, bulk delete, get, feedback patch, stored bodies (§22, §26). */
const COLLECTION = '/accounts/:account_id/ai-gateway/gateways/:gateway_id/logs'
const ITEM = `${COLLECTION}/:log_id`

export const logRoutes: Route[] = [
  {
    pattern: COLLECTION,
    methods: { GET: { access: 'read', handle: listLogs }, DELETE: { access: 'edit', handle: deleteLogs } },
  },
  {
    pattern: ITEM,
    methods: { GET: { access: 'read', handle: getLog }, PATCH: { access: 'edit', handle: patchLog } },
  },
  { pattern: `${ITEM}/request`, methods: { GET: { access: 'read', handle: (ctx) => body(ctx, 'request') } } },
  {
    pattern: `${ITEM}/response`,
    methods: { GET: { access: 'read', handle: (ctx) => body(ctx, 'response') } },
  },
]

async function listLogs({ request, deps, accountId, params }: RouteContext) {
  const gatewayId = params.gateway_id!
  await existing(deps, accountId, gatewayId)
  const { query, metaInfo } = logListQuery({ accountId, gatewayId }, request.query)
  const found = await deps.stores.logs.list(query)
  const info = pageInfo(query.page, query.perPage, found.items.length, found.total)
  const extra = metaInfo ? await rangeInfo(deps.stores.logs, query) : {}
  return ok(found.items.map(toLogListItem), { ...info, ...extra })
}

/** The SDK returns this envelope as is and reads `success`; `result.deleted` says how many logs went. */
async function deleteLogs({ request, deps, accountId, params }: RouteContext) {
  const gatewayId = params.gateway_id!
  await existing(deps, accountId, gatewayId)
  const deleted = await deps.stores.logs.delete(logDeleteQuery({ accountId, gatewayId }, request.query))
  return ok({ success: true, deleted })
}

async function getLog({ deps, accountId, params }: RouteContext) {
  return ok(toLogDetail(await findLog(deps, accountId, params)))
}

/** F277: feedback is verified by a GET afterwards, so the answer is the updated log. */
async function patchLog({ request, deps, accountId, params }: RouteContext) {
  const patch = toLogPatch(parseOrThrow(logPatchSchema, jsonObjectBody(request), 'body'))
  const gatewayId = params.gateway_id!
  const logId = params.log_id!
  await existing(deps, accountId, gatewayId)
  if (!(await deps.stores.logs.patch(accountId, gatewayId, logId, patch))) throw logNotFound(logId, gatewayId)
  return ok(toLogDetail(await findLog(deps, accountId, params)))
}

async function body(ctx: RouteContext, side: 'request' | 'response') {
  return storedBody(await findLog(ctx.deps, ctx.accountId, ctx.params), side)
}

async function findLog(
  deps: RouteContext['deps'],
  accountId: string,
  params: Record<string, string>,
): Promise<LogEntry> {
  const gatewayId = params.gateway_id!
  const logId = params.log_id!
  await existing(deps, accountId, gatewayId)
  const entry = await deps.stores.logs.get(accountId, gatewayId, logId)
  if (!entry) throw logNotFound(logId, gatewayId)
  return entry
}

function logNotFound(logId: string, gatewayId: string) {
  return adminError('not_found', `no log "${logId}" in gateway "${gatewayId}"`)
}

const ranges = [
  ['cost', 'cost', (e: LogEntry) => e.cost],
  ['duration', 'duration', (e: LogEntry) => e.durationMs],
  ['tokens_in', 'tokens_in', (e: LogEntry) => e.tokensIn],
  ['tokens_out', 'tokens_out', (e: LogEntry) => e.tokensOut],
] as const satisfies ReadonlyArray<readonly [string, LogOrderKey, (e: LogEntry) => number]>

/**
 * `meta_info=true`: min/max of cost, duration and tokens over every matching log (not just this page), read
 * as the first row of the query ordered each way so any backend answers from its indexes.
 */
async function rangeInfo(logs: LogStore, query: LogQuery): Promise<Record<string, number | null>> {
  const info: Record<string, number | null> = {}
  for (const [name, orderBy, read] of ranges) {
    for (const direction of ['asc', 'desc'] as const) {
      const { items } = await logs.list({ ...query, orderBy, direction, page: 1, perPage: 1 })
      const first = items[0]
      info[`${direction === 'asc' ? 'min' : 'max'}_${name}`] = first ? read(first) : null
    }
  }
  return info
}
