import type BetterSqlite3 from 'better-sqlite3';
import type { ContentResealing, DeliveryStore } from '../outbox/delivery-store.js';
import type { TenantHealthStore } from '../outbox/tenant-health.js';
import type { TenantTurns } from '../outbox/tenant-turns.js';
import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';
import type { SecretExpiryNotes } from '../settings/secret-expiry-notes.js';
import { type AuditRow, type FlowRow, type SettingsRow, toAudit, toFlow, toRecord } from './sql-rows.js';
import {
  SQLITE_ACCESS_TOKENS_MIGRATION,
  SQLITE_TOKEN_LAPSE_MIGRATION,
  sqliteAccessTokens,
} from './sqlite-access-tokens.js';
import { DEFAULT_BUSY_TIMEOUT_MS, isBusy, retryWhileBusy } from './sqlite-busy.js';
import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.js';
import { sqliteContentResealing } from './sqlite-content-resealing.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { sqliteDeliveries } from './sqlite-deliveries.js';
import { openSqliteFile } from './sqlite-driver.js';
import { alreadyOnDisk, syncedNow, syncLater, walOnDisk } from './sqlite-sync.js';
import { sqliteTenantHealth } from './sqlite-tenant-health.js';
import { sqliteTenantTurns } from './sqlite-tenant-turns.js';
import { sqliteTokenLapseMarks } from './sqlite-token-lapse-marks.js';
import {
  type AccessTokenStore,
  auditLimit,
  FlowExistsError,
  type SecretReseal,
  type SecretResealing,
  type SecretRotation,
  type SettingsStore,
  type SettingsWrite,
  StoreBusyError,
  VersionConflictError,
} from './store.js';

/** Options of {@link sqliteStore}: a file to open, or a connection the host already opened and keeps owning. */
export type SqliteStoreOptions = (
  | {
      /** Path of the database file; created with its tables when missing. */
      filename: string;
    }
  | {
      /**
       * An open better-sqlite3 connection; the store adds its tables but leaves its pragmas and lifetime
       * alone. Each attempt then waits up to the connection's own busy timeout on the event loop
       * (better-sqlite3's `timeout`, 5 s unless set): open it with `{ timeout: 0 }` so that a locked
       * database costs an attempt no more than the store's own file connection does.
       */
      database: SqliteDatabase;
    }
) & {
  /**
   * How long an operation keeps trying while another connection holds the lock, in milliseconds, before it
   * rejects with `StoreBusyError` (which the routes answer with 503 `STORE_BUSY`); defaults to 5000.
   */
  busyTimeoutMs?: number;
};

/** Each entry upgrades the schema by one step; `user_version` records how many have run. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS smtp_settings (
    tenant TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    settings TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS smtp_settings_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_fields TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS smtp_settings_audit_tenant ON smtp_settings_audit (tenant, id DESC);`,
  `CREATE TABLE IF NOT EXISTS smtp_settings_oauth_flows (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS smtp_settings_oauth_flows_expires_at ON smtp_settings_oauth_flows (expires_at);`,
  // Tests join saves in the audit trail; every entry before them was a save.
  `ALTER TABLE smtp_settings_audit ADD COLUMN action TEXT NOT NULL DEFAULT 'save';
  ALTER TABLE smtp_settings_audit ADD COLUMN details TEXT;`,
  // Rotations change the record without a new version; until now every write was a new version.
  `ALTER TABLE smtp_settings ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
  UPDATE smtp_settings SET revision = version;`,
  // The outbox: the delivery log, and the queue in it (sqlite-deliveries.ts).
  `CREATE TABLE IF NOT EXISTS smtp_deliveries (
    seq INTEGER PRIMARY KEY, -- insertion order: orders equal times, and the log's cursor
    id TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    queued_at TEXT NOT NULL, -- handed over or last resent: where the retry horizon starts
    updated_at TEXT NOT NULL,
    due_at TEXT, -- next attempt (queued, retrying) or lease end (sending); NULL once finished
    attempts INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    to_addresses TEXT NOT NULL, -- JSON arrays
    cc_addresses TEXT NOT NULL,
    bcc_addresses TEXT NOT NULL,
    recipients TEXT NOT NULL, -- all of them lowercased, JSON: what the recipient filter compares
    subject TEXT NOT NULL,
    sent_at TEXT,
    failure TEXT, -- JSON
    lease_owner TEXT,
    content TEXT -- sealed; NULL once sent, and for a direct send
  );
  CREATE UNIQUE INDEX IF NOT EXISTS smtp_deliveries_idempotency ON smtp_deliveries (tenant, idempotency_key);
  CREATE INDEX IF NOT EXISTS smtp_deliveries_due ON smtp_deliveries (tenant, due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS smtp_deliveries_next ON smtp_deliveries (due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS smtp_deliveries_newest ON smtp_deliveries (tenant, created_at);
  CREATE INDEX IF NOT EXISTS smtp_deliveries_status ON smtp_deliveries (tenant, status, created_at);
  CREATE INDEX IF NOT EXISTS smtp_deliveries_finished ON smtp_deliveries (updated_at)
    WHERE status IN ('sent', 'failed', 'discarded');
  CREATE TABLE IF NOT EXISTS smtp_delivery_attempts (
    seq INTEGER PRIMARY KEY,
    delivery_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    at TEXT NOT NULL,
    delivered INTEGER NOT NULL, -- 1 when it delivered
    attempt TEXT NOT NULL -- JSON
  );
  CREATE INDEX IF NOT EXISTS smtp_delivery_attempts_delivery ON smtp_delivery_attempts (delivery_id);
  CREATE INDEX IF NOT EXISTS smtp_delivery_attempts_latest ON smtp_delivery_attempts (tenant, delivered, at);
  CREATE TABLE IF NOT EXISTS smtp_delivery_holds (
    tenant TEXT PRIMARY KEY,
    failure TEXT NOT NULL,
    since TEXT NOT NULL,
    revision INTEGER NOT NULL
  );`,
  // A message claimed after its lease ran out may be at the server already, until it is tried again, even
  // when it goes back to the queue untried first (its tenant held, say).
  `ALTER TABLE smtp_deliveries ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;`,
  // A tenant's turn on a queue engine: who serves it until when, and what the next turn needs (its rate).
  `CREATE TABLE IF NOT EXISTS smtp_delivery_turns (
    tenant TEXT PRIMARY KEY,
    owner TEXT,
    lease_until TEXT,
    state TEXT NOT NULL DEFAULT '{"recent":[]}'
  );`,
  // A tenant's last reported health (`code` NULL: working), so instances report a change once between them.
  `CREATE TABLE IF NOT EXISTS smtp_delivery_health (
    tenant TEXT PRIMARY KEY,
    code TEXT,
    changed_at TEXT NOT NULL
  );`,
  // Access tokens shared by every process, and who refreshes them (sqlite-access-tokens.ts).
  SQLITE_ACCESS_TOKENS_MIGRATION,
  // When each shared token was minted, and the lapse each tenant was warned of (outbox/token-lapse-marks.ts).
  SQLITE_TOKEN_LAPSE_MIGRATION,
];

/** The most the synchronous open and migration wait for a lock, on the event loop of a host that is starting. */
const OPEN_BUSY_TIMEOUT_MS = 1_000;

/**
 * Creates a store backed by a SQLite file through better-sqlite3 (an optional peer dependency, loaded by the
 * first call with a `filename`, which throws saying to install it when missing), safe to share between processes: writes
 * are compare-and-set statements or transactions and every instance sees the others' writes at once. When
 * another process holds the lock, an operation never waits in SQLite's busy handler, which would stall the
 * host's event loop: it tries again on a timer until `busyTimeoutMs`, then rejects with `StoreBusyError`;
 * a full disk rejects with `StoreWriteError`, having written nothing. The same file keeps the outbox's
 * delivery log and queue, and the access tokens every process shares.
 *
 * @example
 * ```ts
 * const store = sqliteStore({ filename: './data/smtp-settings.db' });
 * app.route('/api/smtp', createSmtpSettings({ store, ...options }));
 * ```
 */
export function sqliteStore(
  options: SqliteStoreOptions,
): SettingsStore &
  SecretResealing &
  DeliveryStore &
  ContentResealing &
  TenantTurns &
  TenantHealthStore &
  TokenLapseMarks &
  SecretExpiryNotes &
  AccessTokenStore {
  const ownsDatabase = 'filename' in options;
  const budgetMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  // NaN would never run out: an operation on a locked database would retry for ever.
  if (!Number.isFinite(budgetMs) || budgetMs < 0) {
    throw new TypeError(
      'smtp-settings: sqliteStore needs `busyTimeoutMs` as a finite number of milliseconds, 0 or more',
    );
  }
  const opening = performance.now();
  let db: BetterSqlite3.Database;
  try {
    // A host's connection is a better-sqlite3 Database: SqliteDatabase only spares the host its type package.
    db = ownsDatabase ? open(options.filename) : migrated(options.database as BetterSqlite3.Database);
  } catch (error) {
    if (!isBusy(error)) throw error;
    throw new StoreBusyError('open the database', Math.round(performance.now() - opening));
  }
  const retrying = <T>(operation: string, attempt: () => T) => retryWhileBusy(operation, budgetMs, attempt);
  // Started by the outbox's first write, in a file of the store's own: a host's connection keeps its pragmas.
  let checkpointer: Checkpointer | undefined;
  const written = () => {
    if (!ownsDatabase) return;
    checkpointer ??= startCheckpointer(db);
    checkpointer.written();
  };
  // On a file of its own, commits of the queue return before the disk, and an add then waits for it off the event loop.
  const onDisk = ownsDatabase ? walOnDisk(db) : alreadyOnDisk;

  const selectRecord = db.prepare<[string], SettingsRow>(
    'SELECT version, revision, settings, updated_at, updated_by FROM smtp_settings WHERE tenant = ?',
  );
  const selectVersion = db
    .prepare<[string], number>('SELECT version FROM smtp_settings WHERE tenant = ?')
    .pluck();
  const selectRevision = db
    .prepare<[string], number>('SELECT revision FROM smtp_settings WHERE tenant = ?')
    .pluck();
  const insertRecord = db.prepare<[string, string, string, string], { revision: number }>(
    `INSERT INTO smtp_settings (tenant, version, revision, settings, updated_at, updated_by)
     VALUES (?, 1, 1, ?, ?, ?) ON CONFLICT (tenant) DO NOTHING RETURNING revision`,
  );
  const updateRecord = db.prepare<[string, string, string, string, number], { revision: number }>(
    `UPDATE smtp_settings SET version = version + 1, revision = revision + 1, settings = ?, updated_at = ?,
     updated_by = ? WHERE tenant = ? AND version = ? RETURNING revision`,
  );
  // The connection fields are set only in a `connection` object the settings already have, as in every store.
  const rotateRecord = db.prepare<
    { tenant: string; version: number; path: string; sealed: string; connection: string },
    { revision: number }
  >(
    `UPDATE smtp_settings SET revision = revision + 1, settings = CASE
       WHEN json_type(settings, '$.connection') = 'object' THEN json_set(settings, @path, @sealed,
         '$.connection', json_patch(json_extract(settings, '$.connection'), @connection))
       ELSE json_set(settings, @path, @sealed) END
     WHERE tenant = @tenant AND version = @version RETURNING revision`,
  );
  // One conditional statement: of several processes noting the same value, one writes it and says so.
  const noteRecord = db.prepare<{ tenant: string; version: number; path: string; value: string }>(
    `UPDATE smtp_settings SET revision = revision + 1, settings = json_set(settings, @path, @value)
     WHERE tenant = @tenant AND version = @version AND json_extract(settings, @path) IS NOT @value`,
  );
  // json_patch merges the new sealed values into the top level, leaving every other field as it is.
  const resealRecord = db.prepare<
    { tenant: string; revision: number; patch: string },
    { version: number; revision: number }
  >(
    `UPDATE smtp_settings SET revision = revision + 1, settings = json_patch(settings, @patch)
     WHERE tenant = @tenant AND revision = @revision RETURNING version, revision`,
  );
  // Two statements, so that each page after the first starts its index scan at `after`.
  const selectFirstTenants = db
    .prepare<[number], string>('SELECT tenant FROM smtp_settings ORDER BY tenant LIMIT ?')
    .pluck();
  const selectTenantsAfter = db
    .prepare<[string, number], string>(
      'SELECT tenant FROM smtp_settings WHERE tenant > ? ORDER BY tenant LIMIT ?',
    )
    .pluck();
  const insertAudit = db.prepare<[string, number, string, string, string, string, string | null]>(
    `INSERT INTO smtp_settings_audit (tenant, version, at, actor, changed_fields, action, details)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectAudit = db.prepare<[string, number], AuditRow>(
    `SELECT action, version, at, actor, changed_fields, details FROM smtp_settings_audit
     WHERE tenant = ? ORDER BY id DESC LIMIT ?`,
  );

  const insertFlow = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO smtp_settings_oauth_flows (id, tenant, status, data, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const selectFlow = db.prepare<[string, string], FlowRow>(
    `SELECT id, tenant, status, data, created_at, expires_at FROM smtp_settings_oauth_flows
     WHERE id = ? AND tenant = ?`,
  );
  const updateFlow = db.prepare<[string, string, string, string, string]>(
    'UPDATE smtp_settings_oauth_flows SET status = ?, data = ? WHERE id = ? AND tenant = ? AND status = ?',
  );
  const deleteFlows = db.prepare<[string]>('DELETE FROM smtp_settings_oauth_flows WHERE expires_at < ?');

  const write = db.transaction(
    (
      tenant: string,
      record: SettingsWrite,
      settings: string,
      expectedVersion: number,
    ): { version: number; revision: number } => {
      const { updatedAt, updatedBy } = record;
      const written =
        expectedVersion === 0
          ? insertRecord.get(tenant, settings, updatedAt, updatedBy)
          : updateRecord.get(settings, updatedAt, updatedBy, tenant, expectedVersion);
      // The conditional write above decided the conflict; this read only fills in the error.
      if (written === undefined) throw new VersionConflictError(selectVersion.get(tenant) ?? 0);
      const version = expectedVersion + 1;
      const changedFields = JSON.stringify(record.changedFields);
      insertAudit.run(tenant, version, updatedAt, updatedBy, changedFields, 'save', null);
      return { version, revision: written.revision };
    },
  );

  const rotate = db.transaction((tenant: string, rotation: SecretRotation, version: number) => {
    const { field, sealed, at, actor } = rotation;
    const connection = JSON.stringify(rotation.connection ?? {});
    const written = rotateRecord.get({ tenant, version, path: `$.${field}`, sealed, connection });
    if (written === undefined) return null;
    insertAudit.run(tenant, version, at, actor, JSON.stringify([field]), 'rotation', null);
    return written.revision;
  });

  const reseal = db.transaction((tenant: string, { sealed, at, actor }: SecretReseal, revision: number) => {
    const written = resealRecord.get({ tenant, revision, patch: JSON.stringify(sealed) });
    if (written === undefined) return null;
    insertAudit.run(tenant, written.version, at, actor, JSON.stringify(Object.keys(sealed)), 'reseal', null);
    return written.revision;
  });

  return {
    ...sqliteDeliveries(db, retrying, written, ownsDatabase ? syncLater(db) : syncedNow, onDisk),
    ...sqliteContentResealing(db, retrying),
    ...sqliteTenantTurns(db, retrying),
    ...sqliteTenantHealth(db, retrying),
    ...sqliteTokenLapseMarks(db, retrying),
    ...sqliteAccessTokens(db, retrying),

    async get(tenant) {
      const row = await retrying('read the settings', () => selectRecord.get(tenant));
      return row === undefined ? null : toRecord(row);
    },

    async getRevision(tenant) {
      return (await retrying('read the settings revision', () => selectRevision.get(tenant))) ?? 0;
    },

    async put(tenant, record, expectedVersion) {
      const settings = JSON.stringify(record.settings);
      // IMMEDIATE takes the write lock before the first statement, so the transaction never has to upgrade a
      // read lock another process is also holding (which SQLite answers with SQLITE_BUSY, not with waiting).
      // A busy attempt rolled back whole, so the retry runs the compare-and-set again from the start.
      const { version, revision } = await retrying('save the settings', () =>
        write.immediate(tenant, record, settings, expectedVersion),
      );
      return {
        settings: JSON.parse(settings),
        version,
        revision,
        updatedAt: record.updatedAt,
        updatedBy: record.updatedBy,
      };
    },

    async rotateSecret(tenant, rotation, version) {
      return retrying('save a rotated secret', () => rotate.immediate(tenant, rotation, version));
    },

    async noteSecretExpiry(tenant, { field, value }, version) {
      const { changes } = await retrying('note the client secret expiry', () =>
        noteRecord.run({ tenant, version, path: `$.${field}`, value }),
      );
      return changes === 1;
    },

    async listTenants(after, limit) {
      const page = Math.max(0, limit);
      return retrying('list the tenants', () =>
        after === undefined ? selectFirstTenants.all(page) : selectTenantsAfter.all(after, page),
      );
    },

    async resealSecrets(tenant, changes, revision) {
      return retrying('save re-sealed secrets', () => reseal.immediate(tenant, changes, revision));
    },

    async audit(tenant, options) {
      const rows = await retrying('read the audit trail', () => selectAudit.all(tenant, auditLimit(options)));
      return rows.map((row) => toAudit(tenant, row));
    },

    async recordAudit(tenant, { action, version, at, actor, test: { host, port, outcome } }) {
      const details = JSON.stringify({ host, port, outcome });
      await retrying('record a Test in the audit trail', () =>
        insertAudit.run(tenant, version, at, actor, '[]', action, details),
      );
    },

    async createFlow(flow) {
      const { id, tenant, status, createdAt, expiresAt } = flow;
      const data = JSON.stringify(flow.data);
      const { changes } = await retrying('record the OAuth flow', () =>
        insertFlow.run(id, tenant, status, data, createdAt, expiresAt),
      );
      if (changes === 0) throw new FlowExistsError();
    },

    async getFlow(tenant, id) {
      const row = await retrying('read the OAuth flow', () => selectFlow.get(id, tenant));
      return row === undefined ? null : toFlow(row);
    },

    async transitionFlow(tenant, id, from, next) {
      const data = JSON.stringify(next.data);
      const { changes } = await retrying('move the OAuth flow', () =>
        updateFlow.run(next.status, data, id, tenant, from),
      );
      return changes === 1;
    },

    async deleteExpiredFlows(now) {
      return (await retrying('delete expired OAuth flows', () => deleteFlows.run(now))).changes;
    },

    async close() {
      await onDisk.close();
      await checkpointer?.stop();
      if (ownsDatabase && db.open) db.close();
    },
  };
}

function open(filename: string): BetterSqlite3.Database {
  // Opening and migrating run inside the synchronous factory, once while the host starts, so they can only
  // wait on the event loop: a short bound lets them outlast another instance's write, never a stuck lock.
  // Set at once, since switching to WAL itself needs a lock another process may briefly hold.
  const db = openSqliteFile(filename, { timeout: OPEN_BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers in other processes carry on while one writes.
    db.pragma('journal_mode = WAL');
    // A commit is on disk before it resolves. Said outright: better-sqlite3's build lowers an unset level to
    // NORMAL once the connection reads the file in WAL mode, i.e. from its first transaction on.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The sorts and lists of the store's queries are small: in memory they cost a third of a temporary file's.
    db.pragma('temp_store = MEMORY');
    migrated(db);
    // From here on a lock answers at once, and retryWhileBusy waits for it without blocking.
    db.pragma('busy_timeout = 0');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrated(db: BetterSqlite3.Database): BetterSqlite3.Database {
  const schemaVersion = () => db.pragma('user_version', { simple: true }) as number;
  // Skipping the write lock when up to date keeps read-only and busy databases openable.
  if (schemaVersion() === MIGRATIONS.length) return db;
  // Re-read inside the write lock: another process may have migrated while this one was opening the file.
  db.transaction(() => {
    const current = schemaVersion();
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The SQLite database is at schema version ${current}, newer than this adapter knows (${MIGRATIONS.length}); upgrade @smtp-settings/adapter.`,
      );
    }
    for (const [index, migration] of MIGRATIONS.entries()) {
      if (index < current) continue;
      db.exec(migration);
      db.pragma(`user_version = ${index + 1}`);
    }
  }).immediate();
  return db;
}
