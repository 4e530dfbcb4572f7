import type { Clock } from '../core/clock.js'
import type { CounterStore, GatewayStore, RouteStore, SpendLedger } from '../core/stores.js'
import { toLogEntry, type CostFunction } from '../logging/to-log-entry.js'
import type { RequestRecord } from '../pipeline/record.js'
import { RouteDirectory } from './route-directory.js'
import { RouteLimits } from './route-limits.js'

export interface DynamicRoutesOptions {
  store: RouteStore
  counters: CounterStore
  spend: SpendLedger
  clock: Clock
  /** The pricing catalogue, as the log writer uses it. */
  cost: CostFunction
  ttlMs?: number
}

/**
 * Everything the data plane needs for `dynamic/<name>` (F186–F199): deployed routes, and the counters and
 * budgets of their limit elements. `accept` subscribes to `request:end` (cost limits settle there);
 * `invalidate` is called by the management API after every route write.
 */
export class DynamicRoutes {
  readonly directory: RouteDirectory
  readonly limits: RouteLimits

  private readonly store: RouteStore

  constructor(options: DynamicRoutesOptions) {
    this.store = options.store
    this.directory = new RouteDirectory({
      store: options.store,
      clock: options.clock,
      ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
    })
    this.limits = new RouteLimits({
      counters: options.counters,
      spend: options.spend,
      clock: options.clock,
      costOf: (record) => requestCost(record, options.cost),
    })
  }

  readonly accept = (record: RequestRecord): void => this.limits.accept(record)

  invalidate(accountId: string, gatewayId: string): void {
    this.directory.invalidate(accountId, gatewayId)
  }

  /** A deleted gateway takes its routes along, so a new gateway with the same id starts without them. */
  async gatewayChanged(gateways: GatewayStore, accountId: string, gatewayId: string): Promise<void> {
    if (!(await gateways.get(accountId, gatewayId))) await this.store.deleteGateway(accountId, gatewayId)
    this.invalidate(accountId, gatewayId)
  }
}

/**
 * What a request cost in USD, priced the way its log entry is, except that a client's `cf-aig-custom-cost`
 * does not count: a request must not set the price its own budget is charged (as for credits, F231).
 */
export function requestCost(record: RequestRecord, cost: CostFunction): number {
  const priced = { ...record, controls: record.controls && { ...record.controls, customCost: undefined } }
  return toLogEntry(priced, cost).cost
}
