import { monotonicFactory } from 'ulid'

/** F131: log ids are ULIDs (e.g. 01JADMCQQQBWH3NXZ5GCRN98DP). */
export type IdFactory = (at: number) => string

export function createIdFactory(): IdFactory {
  const next = monotonicFactory()
  return (at) => next(at)
}
