import Database from 'better-sqlite3';
import { type AuditRow, type FlowRow, type SettingsRow, toAudit, toFlow, toRecord } from './sql-rows.js';
import {
  auditLimit,
  FlowExistsError,
  type SettingsStore,
  type SettingsWrite,
  VersionConflictError,
} from './store.js';

/** Options of {@link sqliteStore}: a file to open, or a connection the host already opened and keeps owning. */
export type SqliteStoreOptions =
  | {
      /** Path of the database file; created with its tables when missing. */
      filename: string;
    }
  | {
      /** An open better-sqlite3 connection; the store adds its tables but leaves its pragmas and lifetime alone. */
      database: Database.Database;
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
];

/**
 * Creates a store backed by a SQLite file through better-sqlite3, safe to share between processes: writes
 * are compare-and-set statements or transactions and every instance sees the others' writes at once.
 *
 * @example
 * ```ts
 * const store = sqliteStore({ filename: './data/smtp-settings.db' });
 * app.route('/api/smtp', createSmtpSettings({ store, ...options }));
 * ```
 */
export function sqliteStore(options: SqliteStoreOptions): SettingsStore {
  const ownsDatabase = 'filename' in options;
  const db = ownsDatabase ? open(options.filename) : options.database;
  try {
    migrate(db);
  } catch (error) {
    if (ownsDatabase) db.close();
    throw error;
  }

  const selectRecord = db.prepare<[string], SettingsRow>(
    'SELECT version, settings, updated_at, updated_by FROM smtp_settings WHERE tenant = ?',
  );
  const selectVersion = db
    .prepare<[string], number>('SELECT version FROM smtp_settings WHERE tenant = ?')
    .pluck();
  const insertRecord = db.prepare<[string, string, string, string]>(
    `INSERT INTO smtp_settings (tenant, version, settings, updated_at, updated_by) VALUES (?, 1, ?, ?, ?)
     ON CONFLICT (tenant) DO NOTHING`,
  );
  const updateRecord = db.prepare<[string, string, string, string, number]>(
    `UPDATE smtp_settings SET version = version + 1, settings = ?, updated_at = ?, updated_by = ?
     WHERE tenant = ? AND version = ?`,
  );
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
    (tenant: string, record: SettingsWrite, settings: string, expectedVersion: number): number => {
      const { updatedAt, updatedBy } = record;
      const { changes } =
        expectedVersion === 0
          ? insertRecord.run(tenant, settings, updatedAt, updatedBy)
          : updateRecord.run(settings, updatedAt, updatedBy, tenant, expectedVersion);
      // The conditional write above decided the conflict; this read only fills in the error.
      if (changes === 0) throw new VersionConflictError(selectVersion.get(tenant) ?? 0);
      const version = expectedVersion + 1;
      const changedFields = JSON.stringify(record.changedFields);
      insertAudit.run(tenant, version, updatedAt, updatedBy, changedFields, record.action ?? 'save', null);
      return version;
    },
  );

  return {
    async get(tenant) {
      const row = selectRecord.get(tenant);
      return row === undefined ? null : toRecord(row);
    },

    async getVersion(tenant) {
      return selectVersion.get(tenant) ?? 0;
    },

    async put(tenant, record, expectedVersion) {
      const settings = JSON.stringify(record.settings);
      // IMMEDIATE takes the write lock before the first statement, so the transaction never has to upgrade a
      // read lock another process is also holding (which SQLite answers with SQLITE_BUSY, not with waiting).
      const version = write.immediate(tenant, record, settings, expectedVersion);
      return {
        settings: JSON.parse(settings),
        version,
        updatedAt: record.updatedAt,
        updatedBy: record.updatedBy,
      };
    },

    async audit(tenant, options) {
      return selectAudit.all(tenant, auditLimit(options)).map((row) => toAudit(tenant, row));
    },

    async recordAudit(tenant, { action, version, at, actor, test: { host, port, outcome } }) {
      insertAudit.run(tenant, version, at, actor, '[]', action, JSON.stringify({ host, port, outcome }));
    },

    async createFlow(flow) {
      const { id, tenant, status, createdAt, expiresAt } = flow;
      const { changes } = insertFlow.run(id, tenant, status, JSON.stringify(flow.data), createdAt, expiresAt);
      if (changes === 0) throw new FlowExistsError();
    },

    async getFlow(tenant, id) {
      const row = selectFlow.get(id, tenant);
      return row === undefined ? null : toFlow(row);
    },

    async transitionFlow(tenant, id, from, next) {
      return updateFlow.run(next.status, JSON.stringify(next.data), id, tenant, from).changes === 1;
    },

    async deleteExpiredFlows(now) {
      return deleteFlows.run(now).changes;
    },

    async close() {
      if (ownsDatabase && db.open) db.close();
    },
  };
}

function open(filename: string): Database.Database {
  const db = new Database(filename);
  try {
    // Set first: switching to WAL itself needs a lock another process may briefly hold.
    db.pragma('busy_timeout = 5000');
    // WAL lets readers in other processes carry on while one writes.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  const schemaVersion = () => db.pragma('user_version', { simple: true }) as number;
  // Skipping the write lock when up to date keeps read-only and busy databases openable.
  if (schemaVersion() === MIGRATIONS.length) return;
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
}
