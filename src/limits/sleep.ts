/**
 * Waits `ms`, rejecting with the signal's reason as soon as it aborts (the client went away). Injected through
 * Services so tests drive retries with a fake clock and record every wait.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortReason(signal))
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted')
}
