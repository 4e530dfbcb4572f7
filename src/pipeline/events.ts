import type { RequestRecord } from './record.js'

/** Subscribers (logs, analytics, exporters) hear about finished requests here and never sit on the request path. */
export type RequestEndListener = (record: RequestRecord) => void

export class RequestEvents {
  private readonly listeners: RequestEndListener[] = []

  onRequestEnd(listener: RequestEndListener): void {
    this.listeners.push(listener)
  }

  emitRequestEnd(record: RequestRecord): void {
    for (const listener of this.listeners) {
      try {
        listener(record)
      } catch (error) {
        // A failing subscriber must never break the response that already went out.
        console.error('aigw: request:end subscriber failed', error)
      }
    }
  }
}
