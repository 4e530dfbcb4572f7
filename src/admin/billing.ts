import { z } from 'zod'
import type { CreditLedger } from '../billing/credit-ledger.js'
import { nanosToUsd } from '../billing/money.js'
import type { CreditEntry, CreditStore } from '../core/stores.js'
import { ok, pageInfo } from './envelope.js'
import { invalidParam, queryEnum, queryInt, readPaging, rejectUnknownParams } from './query-params.js'
import { jsonObjectBody } from './request-body.js'
import type { Route, RouteContext } from './router.js'
import { parseOrThrow } from './validation.js'

/**
 * Credits (F231, F232, F302). The `cloudflare` SDK's read endpoints `billing.creditBalance` and
 * `billing.usageHistory` answer from the ledger; adding credits is aigw's own (there is no payment
 * processing): `POST …/billing/credits {"amount": <USD>, "note"?}`, and `GET …/billing/credits` lists the
 * ledger. Invoices, top-ups and the legacy spending limit are Cloudflare-platform features and not served.
 */
export interface BillingRoutesDeps {
  ledger: CreditLedger
  store: CreditStore
}

const BASE = '/accounts/:account_id/ai-gateway/billing'
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const MAX_WINDOWS = 1000
/** One top-up at most; a typo of a few zeros should not mint a fortune. */
export const MAX_CREDIT_USD = 1_000_000

const addCreditsSchema = z.strictObject({
  amount: z
    .number({ error: 'must be a number of US dollars' })
    .positive({ error: 'must be more than 0 US dollars' })
    .max(MAX_CREDIT_USD, { error: `must be at most ${MAX_CREDIT_USD} US dollars per call` })
    .refine((usd) => Math.round(usd * 1e9) > 0, { error: 'must be at least one nano-dollar' }),
  note: z
    .string({ error: 'must be a string' })
    .max(500, { error: 'must be at most 500 characters' })
    .optional(),
})

export function billingRoutes(deps: BillingRoutesDeps): Route[] {
  return [
    {
      pattern: `${BASE}/credit-balance`,
      methods: { GET: { access: 'read', handle: (ctx) => creditBalance(deps, ctx) } },
    },
    {
      pattern: `${BASE}/usage-history`,
      methods: { GET: { access: 'read', handle: (ctx) => usageHistory(deps, ctx) } },
    },
    {
      pattern: `${BASE}/credits`,
      methods: {
        GET: { access: 'read', handle: (ctx) => listCredits(deps, ctx) },
        POST: { access: 'edit', handle: (ctx) => addCredits(deps, ctx) },
      },
    },
  ]
}

/** The SDK's `BillingCreditBalanceResponse`; `balance` is in US dollars. */
async function creditBalance(deps: BillingRoutesDeps, { request, accountId }: RouteContext) {
  rejectUnknownParams(request.query, () => false)
  const balance = await deps.ledger.balance(accountId)
  return ok({
    balance: nanosToUsd(balance.nanos),
    has_default_payment_method: false,
    payment_method: null,
    topup_config: { amount: null, threshold: null },
    metered: balance.entries > 0,
  })
}

async function addCredits(deps: BillingRoutesDeps, { request, accountId }: RouteContext) {
  const input = parseOrThrow(addCreditsSchema, jsonObjectBody(request), 'body')
  const balance = await deps.ledger.addCredits(accountId, input.amount, input.note ?? null)
  return ok({ amount: input.amount, balance: nanosToUsd(balance.nanos) })
}

async function listCredits(deps: BillingRoutesDeps, { request, accountId }: RouteContext) {
  rejectUnknownParams(request.query, (name) => name === 'page' || name === 'per_page')
  const { page, perPage } = readPaging(request.query, 50, 500)
  const found = await deps.store.list(accountId, { page, perPage })
  return ok(found.items.map(entryView), pageInfo(page, perPage, found.items.length, found.total))
}

/**
 * The SDK's `BillingUsageHistoryResponse`: spend in US dollars per hour or day (UTC), every window of the
 * range listed, empty ones with 0. `start_time` / `end_time` are Unix seconds; the default range is the
 * last 48 hours or 30 days.
 */
async function usageHistory(deps: BillingRoutesDeps, { request, deps: admin, accountId }: RouteContext) {
  const known = new Set(['value_grouping_window', 'start_time', 'end_time'])
  rejectUnknownParams(request.query, (name) => known.has(name))
  const window = queryEnum(request.query, 'value_grouping_window', ['day', 'hour'] as const)
  if (window === undefined) throw invalidParam('value_grouping_window', 'is required: "day" or "hour"')
  const bucketMs = window === 'day' ? DAY_MS : HOUR_MS
  const endMs = (queryInt(request.query, 'end_time', 0) ?? Math.floor(admin.clock.now() / 1000)) * 1000
  const defaultStart = endMs - (window === 'day' ? 30 * DAY_MS : 48 * HOUR_MS)
  const startMs = (queryInt(request.query, 'start_time', 0) ?? Math.floor(defaultStart / 1000)) * 1000
  if (startMs >= endMs) throw invalidParam('start_time', 'must be before end_time')
  const from = Math.floor(startMs / bucketMs) * bucketMs
  const to = Math.ceil(endMs / bucketMs) * bucketMs
  if ((to - from) / bucketMs > MAX_WINDOWS) {
    throw invalidParam('start_time', `covers more than ${MAX_WINDOWS} ${window}s; narrow the range`)
  }
  const spent = new Map(
    (await deps.store.spendHistory(accountId, { from, to, bucketMs })).map((b) => [b.start, b.nanos]),
  )
  const history = []
  for (let start = from; start < to; start += bucketMs) {
    history.push({
      id: `${window}-${start / 1000}`,
      aggregated_value: nanosToUsd(spent.get(start) ?? 0),
      start_time: start / 1000,
      end_time: (start + bucketMs) / 1000,
    })
  }
  return ok({ history })
}

function entryView(entry: CreditEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    amount: nanosToUsd(entry.amountNanos),
    created_at: new Date(entry.at).toISOString(),
    log_id: entry.logId,
    note: entry.note,
  }
}
