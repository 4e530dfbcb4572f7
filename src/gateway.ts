import type { RequestContext, Services } from './pipeline/context.js'
import type { InboundRequest, Reply } from './pipeline/exchange.js'
import { runRequest } from './pipeline/request.js'

export interface DataPlaneAddress {
  accountId: string
  gatewayId: string
  /** Path after `/v1/{account}/{gateway}`, raw. */
  tail: string
}

export interface Gateway {
  /** Runs one data-plane request through the request pipeline; never rejects. */
  handle(request: InboundRequest, address: DataPlaneAddress): Promise<Reply>
}

/** The data plane, built from services by the composition root (no globals, no sockets). */
export function createGateway(services: Services): Gateway {
  return {
    handle(request, address) {
      const startedAt = services.clock.now()
      const logId = services.ids(startedAt)
      const eventId = services.ids(startedAt)
      const context: RequestContext = {
        logId,
        eventId,
        startedAt,
        startedHr: performance.now(),
        request,
        services,
        accountId: address.accountId,
        gatewayId: address.gatewayId,
        tail: address.tail,
        requestType: 'provider',
        gateway: undefined,
        entry: undefined,
        controls: undefined,
        authenticated: false,
        tokenSlots: [],
        body: undefined,
        json: undefined,
        model: undefined,
        provider: undefined,
        usage: undefined,
        attempts: [],
        warnings: [],
        replyHeaders: { 'cf-aig-log-id': logId, 'cf-aig-event-id': eventId },
      }
      return runRequest(context)
    },
  }
}
