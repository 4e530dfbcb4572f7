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

export const migrations: readonly Migration[] = [{ version: 1, name: 'initial schema', sql: initial }]

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
