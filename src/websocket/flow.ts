import type { WebSocket } from 'ws'

/** Past this many unsent bytes towards a peer, the side feeding it pauses (backpressure). */
export const HIGH_WATER_BYTES = 1024 * 1024
/** …and resumes once the buffer fell below this. */
export const LOW_WATER_BYTES = 256 * 1024

/**
 * Sends on one socket and tells its feeder when to pause and when to resume. `ws` has no `drain` event, but
 * every `send` callback fires once that frame reached the kernel, so the last callback is the drain.
 */
export class Outbox {
  private waiters: Array<() => void> = []

  constructor(private readonly socket: WebSocket) {
    socket.once('close', () => {
      // Nothing will drain any more; whoever waited is torn down by the close handlers.
      this.waiters = []
    })
  }

  /** Queues a frame; false means the feeder should pause until `whenDrained`. Frames after close are dropped. */
  send(data: Buffer | string, binary: boolean): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return true
    this.socket.send(data, { binary }, () => this.flushed())
    return this.socket.bufferedAmount < HIGH_WATER_BYTES
  }

  get congested(): boolean {
    return this.socket.bufferedAmount >= HIGH_WATER_BYTES
  }

  whenDrained(resume: () => void): void {
    if (this.socket.bufferedAmount <= LOW_WATER_BYTES) resume()
    else this.waiters.push(resume)
  }

  private flushed(): void {
    if (this.waiters.length === 0 || this.socket.bufferedAmount > LOW_WATER_BYTES) return
    const waiting = this.waiters
    this.waiters = []
    for (const resume of waiting) resume()
  }
}
