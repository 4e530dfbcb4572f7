import { afterEach, beforeEach } from 'vitest'

/**
 * What a backend hands each contract suite: a fresh, empty store per test and a way to release it.
 * The Postgres backend will pass a factory that creates an isolated schema.
 */
export interface StoreHandle<S> {
  store: S
  close(): Promise<void>
}

export type StoreFactory<S> = () => Promise<StoreHandle<S>>

/** Registers a fresh store per test (created before, released after) and returns an accessor for it. */
export function useStore<S>(make: StoreFactory<S>): () => S {
  let handle: StoreHandle<S> | undefined
  beforeEach(async () => {
    handle = await make()
  })
  afterEach(async () => {
    await handle?.close()
    handle = undefined
  })
  return () => {
    if (!handle) throw new Error('store not ready')
    return handle.store
  }
}
