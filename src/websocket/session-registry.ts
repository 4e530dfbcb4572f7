import { CLOSE_GOING_AWAY } from './close-codes.js'

/** An open WebSocket session as shutdown sees it. */
export interface TrackedSession {
  /** Stop taking new work; resolves when what is in flight finished (at once for realtime). */
  drain(): Promise<void>
  /** A close frame to every peer of the session. */
  close(code: number, reason: string): void
  /** Drop the connections without waiting for the close handshake. */
  terminate(): void
  /** Resolves when the session is fully closed. */
  closed: Promise<void>
}

/** After the close frames went out, how long peers get to answer when the grace period is already spent. */
const MIN_CLOSE_WAIT_MS = 1000

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    timer.unref()
    void promise.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Every open session, so a draining server can say goodbye with 1001 instead of cutting sockets. */
export class SessionRegistry {
  private readonly sessions = new Set<TrackedSession>()
  private draining = false

  get isDraining(): boolean {
    return this.draining
  }

  get size(): number {
    return this.sessions.size
  }

  add(session: TrackedSession): void {
    this.sessions.add(session)
    void session.closed.then(() => this.sessions.delete(session))
    // A session that opened while shutdown was already under way is told at once.
    if (this.draining)
      void session.drain().then(() => session.close(CLOSE_GOING_AWAY, 'server shutting down'))
  }

  /**
   * Graceful drain: non-realtime sessions finish their in-flight requests (refusing new ones) within the
   * grace period; then every session gets a 1001 close frame; whatever has not closed soon after is dropped.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.draining = true
    const started = performance.now()
    const sessions = [...this.sessions]
    await within(Promise.all(sessions.map((session) => session.drain())), graceMs)
    for (const session of this.sessions) session.close(CLOSE_GOING_AWAY, 'server shutting down')
    const remaining = Math.max(graceMs - (performance.now() - started), MIN_CLOSE_WAIT_MS)
    await within(Promise.all([...this.sessions].map((session) => session.closed)), remaining)
    for (const session of this.sessions) session.terminate()
  }
}
