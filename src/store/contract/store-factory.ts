/**
 * What a backend hands each contract suite: a fresh, empty store per test and a way to release it.
 * The Postgres backend will pass a factory that creates an isolated schema.
 */
export interface StoreHandle<S> {
  store: S
  close(): Promise<void>
}

export type StoreFactory<S> = () => Promise<StoreHandle<S>>
