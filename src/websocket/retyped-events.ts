import type { RequestType } from '../core/log-entry.js'
import { RequestEvents, type RequestEndListener } from '../pipeline/events.js'
import type { RequestRecord } from '../pipeline/record.js'

/**
 * F055: requests that arrived as WebSocket frames run through the ordinary pipeline (which types a
 * Universal call `universal`) but are logged as `websocket`. The gateway instance serving frames is built
 * with these events, so the transport is decided where the transport is known, not inside the pipeline.
 */
export class RetypedRequestEvents extends RequestEvents {
  constructor(
    private readonly target: RequestEvents,
    private readonly requestType: RequestType,
  ) {
    super()
  }

  override onRequestEnd(listener: RequestEndListener): void {
    this.target.onRequestEnd(listener)
  }

  override emitRequestEnd(record: RequestRecord): void {
    this.target.emitRequestEnd({ ...record, requestType: this.requestType })
  }
}
