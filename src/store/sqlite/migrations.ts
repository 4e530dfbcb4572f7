import type Database from 'better-sqlite3'

/**
 * Numbered, append-only schema migrations. SQL lives in TypeScript so the build copies no files.
 * Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Secondary indexes on `logs`, each `(scope, column, created_at)` so "filter by X, newest first" and
 * "order by X" (ties by created_at, then id) both read the index in order. Only columns with few
 * distinct values get one: their inserts land at the end of a few index ranges, so a 500-entry batch
 * dirties a handful of pages. Continuous values (cost, tokens, duration) would scatter every insert
 * across the whole index and multiply the write cost of each batch; queries on them scan instead.
 */
const indexedLogColumns = [
  'provider',
  'model',
  'model_type',
  'success',
  'cached',
  'request_type',
  'status_code',
  'feedback',
  'dlp_action',
]

const initial = `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE gateways (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  settings TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
) WITHOUT ROWID;
CREATE INDEX gateways_by_creation ON gateways (account_id, created_at, id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  preview TEXT NOT NULL,
  permissions TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  expires_at TEXT
);
CREATE INDEX api_tokens_by_account ON api_tokens (account_id, created_at, id);

-- One small integer per (account, gateway) keeps every logs index compact, and carries the row
-- count so that cap checks (F249) are O(1).
CREATE TABLE log_scopes (
  scope INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  gateway_id TEXT NOT NULL,
  log_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, gateway_id)
);

CREATE TABLE logs (
  seq INTEGER PRIMARY KEY,
  -- No REFERENCES: with foreign keys on, every count-trigger UPDATE of log_scopes would re-check
  -- the parent key against logs, tripling the cost of an append. Scopes are never deleted.
  scope INTEGER NOT NULL,
  id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  model_type TEXT NOT NULL,
  path TEXT NOT NULL,
  method TEXT NOT NULL,
  request_type TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  success INTEGER NOT NULL,
  cached INTEGER NOT NULL,
  step INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  ttfb_ms REAL NOT NULL,
  tokens_in INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL,
  tokens INTEGER GENERATED ALWAYS AS (tokens_in + tokens_out) VIRTUAL,
  cached_tokens_in INTEGER NOT NULL,
  cost REAL NOT NULL,
  custom_cost INTEGER NOT NULL,
  metadata TEXT NOT NULL,
  request_content_type TEXT NOT NULL,
  response_content_type TEXT NOT NULL,
  request_head TEXT NOT NULL,
  response_head TEXT NOT NULL,
  request_size INTEGER NOT NULL,
  response_size INTEGER NOT NULL,
  request_body_truncated INTEGER NOT NULL,
  response_body_truncated INTEGER NOT NULL,
  feedback REAL,
  score REAL,
  error_message TEXT,
  authenticated INTEGER NOT NULL,
  dlp_action TEXT,
  extra TEXT NOT NULL
);
CREATE UNIQUE INDEX logs_by_id ON logs (scope, id);
CREATE INDEX logs_by_created_at ON logs (scope, created_at);
CREATE INDEX logs_by_event_id ON logs (scope, event_id);
${indexedLogColumns.map((c) => `CREATE INDEX logs_by_${c} ON logs (scope, ${c}, created_at);`).join('\n')}

-- Bodies apart, so listing and filtering never page them in.
CREATE TABLE log_bodies (
  log_seq INTEGER PRIMARY KEY REFERENCES logs (seq) ON DELETE CASCADE,
  request BLOB,
  response BLOB
);

CREATE TRIGGER logs_count_insert AFTER INSERT ON logs BEGIN
  UPDATE log_scopes SET log_count = log_count + 1 WHERE scope = NEW.scope;
END;
CREATE TRIGGER logs_count_delete AFTER DELETE ON logs BEGIN
  UPDATE log_scopes SET log_count = log_count - 1 WHERE scope = OLD.scope;
END;
`

/**
 * Response cache, large entries only (small ones live in memory): the body sits in the row because a hit
 * always reads it; tags (provider, gateway) drive invalidation (F095, F166).
 */
const responseCache = `
CREATE TABLE cache_entries (
  key TEXT PRIMARY KEY,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  tags TEXT NOT NULL,
  size INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- Recency order for LRU eviction: a counter, not a time, so ties cannot happen.
  used_seq INTEGER NOT NULL
);
CREATE INDEX cache_entries_by_expiry ON cache_entries (expires_at);
CREATE INDEX cache_entries_by_use ON cache_entries (used_seq);
CREATE TABLE cache_tags (
  tag TEXT NOT NULL,
  key TEXT NOT NULL REFERENCES cache_entries (key) ON DELETE CASCADE,
  PRIMARY KEY (tag, key)
) WITHOUT ROWID;
CREATE INDEX cache_tags_by_key ON cache_tags (key);
`

/**
 * Stored provider keys, custom providers and the credit ledger (F223–F244). Secrets hold only ciphertext,
 * the wrapped data key and a preview; the ledger keeps a running balance per account so a balance read
 * never sums the whole ledger.
 */
const keysProvidersCredits = `
CREATE TABLE secrets (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  ciphertext BLOB NOT NULL,
  iv BLOB NOT NULL,
  tag BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  key_id TEXT NOT NULL,
  preview TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE provider_configs (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  gateway_id TEXT NOT NULL,
  provider_slug TEXT NOT NULL,
  alias TEXT NOT NULL,
  default_config INTEGER NOT NULL,
  secret_id TEXT NOT NULL,
  secret_preview TEXT NOT NULL,
  rate_limit INTEGER,
  rate_limit_period INTEGER,
  description TEXT,
  region TEXT,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  last_used_at TEXT,
  last_status INTEGER,
  UNIQUE (account_id, gateway_id, provider_slug, alias)
);
CREATE INDEX provider_configs_by_gateway ON provider_configs (account_id, gateway_id, created_at, id);
CREATE INDEX provider_configs_by_secret ON provider_configs (account_id, secret_id);
CREATE TABLE custom_providers (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  slug_folded TEXT NOT NULL,
  base_url TEXT NOT NULL,
  description TEXT,
  link TEXT,
  enable INTEGER NOT NULL,
  beta INTEGER NOT NULL,
  curl_example TEXT,
  js_example TEXT,
  position INTEGER,
  headers_secret_id TEXT,
  headers_preview TEXT,
  logo TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL,
  UNIQUE (account_id, slug_folded)
);
CREATE TABLE credit_ledger (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount_nanos INTEGER NOT NULL,
  at INTEGER NOT NULL,
  log_id TEXT,
  note TEXT
);
CREATE INDEX credit_ledger_by_account ON credit_ledger (account_id, at);
CREATE TABLE credit_balances (
  account_id TEXT PRIMARY KEY,
  nanos INTEGER NOT NULL,
  entries INTEGER NOT NULL
);
`

const dlpProfiles = `
CREATE TABLE dlp_profiles (
  account_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (account_id, id)
) WITHOUT ROWID;
CREATE INDEX dlp_profiles_by_creation ON dlp_profiles (account_id, created_at, id);
`

/** F147, F233: spend per budget and bucket, and the holds of requests in flight (see sqlite-spend-ledger.ts). */
const spendLedger = `
CREATE TABLE spend_buckets (
  budget_key TEXT NOT NULL,
  bucket_start INTEGER NOT NULL,
  spent_nanos INTEGER NOT NULL,
  purge_after INTEGER NOT NULL,
  PRIMARY KEY (budget_key, bucket_start)
) WITHOUT ROWID;
CREATE INDEX spend_buckets_by_purge ON spend_buckets (purge_after);
CREATE TABLE spend_holds (
  hold_id TEXT NOT NULL,
  budget_key TEXT NOT NULL,
  bucket_start INTEGER NOT NULL,
  amount_nanos INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  purge_after INTEGER NOT NULL,
  PRIMARY KEY (hold_id, budget_key)
) WITHOUT ROWID;
CREATE INDEX spend_holds_by_budget ON spend_holds (budget_key, bucket_start);
CREATE INDEX spend_holds_by_expiry ON spend_holds (expires_at);
`

/** F186–F199: dynamic routes, their versions and deployments; `seq` keeps insertion order for "newest first". */
const dynamicRoutes = `
CREATE TABLE dynamic_routes (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL,
  gateway_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (account_id, gateway_id, name)
);
CREATE TABLE dynamic_route_versions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  route_id TEXT NOT NULL REFERENCES dynamic_routes (id) ON DELETE CASCADE,
  elements TEXT NOT NULL,
  comment TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX dynamic_route_versions_by_route ON dynamic_route_versions (route_id, seq);
CREATE TABLE dynamic_route_deployments (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  route_id TEXT NOT NULL REFERENCES dynamic_routes (id) ON DELETE CASCADE,
  version_id TEXT NOT NULL REFERENCES dynamic_route_versions (id) ON DELETE CASCADE,
  comment TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX dynamic_route_deployments_by_route ON dynamic_route_deployments (route_id, seq);
`

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initial },
  { version: 2, name: 'response cache', sql: responseCache },
  { version: 3, name: 'provider keys, custom providers, credits', sql: keysProvidersCredits },
  { version: 4, name: 'dlp profiles', sql: dlpProfiles },
  { version: 5, name: 'spend ledger', sql: spendLedger },
  { version: 6, name: 'dynamic routes', sql: dynamicRoutes },
]

export function latestSchemaVersion(): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0)
}

/**
 * Applies pending migrations, each in its own IMMEDIATE transaction so two processes opening the
 * same file cannot both apply one; the version is re-read inside the lock.
 */
export function migrate(db: Database.Database, all: readonly Migration[] = migrations): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const current = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_version')
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_version VALUES (?, ?, ?)')
  const latest = all.reduce((max, m) => Math.max(max, m.version), 0)
  const found = current.get()?.v ?? 0
  if (found > latest) {
    throw new Error(
      `Database schema version ${found} is newer than this aigw supports (${latest}); upgrade aigw`,
    )
  }
  for (const migration of [...all].sort((a, b) => a.version - b.version)) {
    if (migration.version <= found) continue
    const apply = db.transaction(() => {
      if ((current.get()?.v ?? 0) >= migration.version) return
      db.exec(migration.sql)
      record.run(migration.version, migration.name, new Date().toISOString())
    })
    apply.immediate()
  }
}
