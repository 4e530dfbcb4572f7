import type { Page } from '../stores.js'

/** Stores for what an account configures about providers: encrypted secrets, stored keys, custom providers, credits. */
/**
 * An encrypted secret (F223, F226): AES-256-GCM under a per-secret data key, the data key itself wrapped by
 * the master key. Only ciphertext and a short preview are ever stored.
 */
export interface SecretRecord {
  id: string
  accountId: string
  ciphertext: Uint8Array
  iv: Uint8Array
  tag: Uint8Array
  /** The data key encrypted under the master key: iv ‖ ciphertext ‖ tag. */
  wrappedKey: Uint8Array
  /** Fingerprint of the master key that wrapped the data key (never the key). */
  keyId: string
  /** e.g. `sk-p…x9Qa`: at most the first and last four characters. */
  preview: string
  createdAt: string
  updatedAt: string
}

export interface SecretStore {
  get(accountId: string, id: string): Promise<SecretRecord | undefined>
  /** Inserts or replaces the record with this id. */
  put(record: SecretRecord): Promise<void>
  delete(accountId: string, id: string): Promise<boolean>
  /** Any one stored record: lets start-up prove the master key opens what is stored. */
  sample(): Promise<SecretRecord | undefined>
}

/** A stored provider key of one gateway (F223–F230), in store form; the key lives in the SecretStore. */
export interface ProviderConfigRecord {
  id: string
  accountId: string
  gatewayId: string
  providerSlug: string
  alias: string
  defaultConfig: boolean
  secretId: string
  secretPreview: string
  rateLimit: number | null
  rateLimitPeriod: number | null
  description: string | null
  /** Vertex AI: the region chosen with the service account (F228). */
  region: string | null
  createdAt: string
  modifiedAt: string
  /** F225: when a request last used the key, and the upstream status it got. */
  lastUsedAt: string | null
  lastStatus: number | null
}

export type ProviderConfigUpdate = 'updated' | 'not_found' | 'alias_taken'

export interface ProviderConfigStore {
  /** Oldest first, ties by id. */
  list(
    accountId: string,
    gatewayId: string,
    paging: { page: number; perPage: number },
  ): Promise<Page<ProviderConfigRecord>>
  get(accountId: string, gatewayId: string, id: string): Promise<ProviderConfigRecord | undefined>
  /** Every config of one provider on one gateway (a handful): the data plane picks by alias. */
  forProvider(accountId: string, gatewayId: string, providerSlug: string): Promise<ProviderConfigRecord[]>
  /** Returns false when the gateway already has a key with this provider and alias. */
  create(record: ProviderConfigRecord): Promise<boolean>
  update(record: ProviderConfigRecord): Promise<ProviderConfigUpdate>
  delete(accountId: string, gatewayId: string, id: string): Promise<boolean>
  /** Removes every config of a gateway and returns them (their secrets are the caller's to delete). */
  deleteGateway(accountId: string, gatewayId: string): Promise<ProviderConfigRecord[]>
  /** Whether any config of the account still points at this secret. */
  referencesSecret(accountId: string, secretId: string): Promise<boolean>
  /** F225; ignores unknown ids. */
  touch(id: string, at: string, status: number): Promise<void>
}

/** An account-level custom provider (F236–F244). Timestamps are Unix seconds, as the API shows them. */
export interface CustomProviderRecord {
  id: string
  accountId: string
  name: string
  slug: string
  baseUrl: string
  description: string | null
  link: string | null
  enable: boolean
  beta: boolean
  curlExample: string | null
  jsExample: string | null
  position: number | null
  /** Secret holding the JSON object of extra upstream headers (values may be credentials). */
  headersSecretId: string | null
  /** The header names with previews of their values, as JSON; what the API shows instead of the values. */
  headersPreview: string | null
  logo: string
  createdAt: number
  modifiedAt: number
}

export type CustomProviderOrderKey = 'name' | 'slug' | 'created_at' | 'modified_at' | 'position'

export interface CustomProviderQuery {
  page: number
  perPage: number
  enable?: boolean
  beta?: boolean
  /** Case-insensitive substring of id, name or slug. */
  search?: string
  orderBy: CustomProviderOrderKey
  direction: 'asc' | 'desc'
}

export type CustomProviderUpdate = 'updated' | 'not_found' | 'slug_taken'

export interface CustomProviderStore {
  list(accountId: string, query: CustomProviderQuery): Promise<Page<CustomProviderRecord>>
  get(accountId: string, id: string): Promise<CustomProviderRecord | undefined>
  /** Slugs compare case-insensitively. */
  findBySlug(accountId: string, slug: string): Promise<CustomProviderRecord | undefined>
  /** Returns false when the slug is taken in the account. */
  create(record: CustomProviderRecord): Promise<boolean>
  update(record: CustomProviderRecord): Promise<CustomProviderUpdate>
  delete(accountId: string, id: string): Promise<boolean>
}

/** One movement of an account's credit ledger (F231, F232), in nano-dollars so sums stay exact. */
export interface CreditEntry {
  /** Unique; spends use `spend:<log id>`, so recording one twice is a no-op. */
  id: string
  accountId: string
  kind: 'credit' | 'spend'
  /** Positive for credits, negative for spends. */
  amountNanos: number
  /** Unix ms. */
  at: number
  logId: string | null
  note: string | null
}

export interface CreditBalance {
  nanos: number
  /** Ledger entries so far; an account without any has no ledger and is not metered. */
  entries: number
}

export interface CreditStore {
  /** Appends in order; an entry whose id exists already is skipped. */
  append(entries: CreditEntry[]): Promise<void>
  balance(accountId: string): Promise<CreditBalance>
  /** Spend (as a positive number) per `bucketMs` window starting at `from`, for windows with any spend. */
  spendHistory(
    accountId: string,
    range: { from: number; to: number; bucketMs: number },
  ): Promise<Array<{ start: number; nanos: number }>>
  /** Newest first. */
  list(accountId: string, paging: { page: number; perPage: number }): Promise<Page<CreditEntry>>
}
