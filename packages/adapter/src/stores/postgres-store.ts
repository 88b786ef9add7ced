import { createHash } from 'node:crypto';
import type { ContentResealing, DeliveryStore } from '../outbox/delivery-store.js';
import type { TenantHealthStore } from '../outbox/tenant-health.js';
import type { TenantTurns } from '../outbox/tenant-turns.js';
import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';
import type { SecretExpiryNotes } from '../settings/secret-expiry-notes.js';
import {
  postgresAccessTokens,
  postgresAccessTokensMigration,
  postgresTokenLapseMigration,
} from './postgres-access-tokens.js';
import { postgresContentResealing } from './postgres-content-resealing.js';
import { postgresDeliveries } from './postgres-deliveries.js';
import { holdPoolConnection, openListeningConnection } from './postgres-listening-connection.js';
import {
  assertPgInstalled,
  type OwnedPostgresPool,
  openPool,
  type PostgresPool,
  type PostgresQuery,
  type PostgresQueryResult,
  type PreparingPool,
} from './postgres-pool.js';
import { createRevisionCache, DEFAULT_TIMING } from './postgres-revision-cache.js';
import { statementNames } from './postgres-statement-names.js';
import { postgresTenantHealth } from './postgres-tenant-health.js';
import { postgresTenantTurns } from './postgres-tenant-turns.js';
import { postgresTokenLapseMarks } from './postgres-token-lapse-marks.js';
import { type AuditRow, type FlowRow, type SettingsRow, toAudit, toFlow, toRecord } from './sql-rows.js';
import {
  type AccessTokenStore,
  auditLimit,
  FlowExistsError,
  type SecretResealing,
  type SettingsStore,
  VersionConflictError,
} from './store.js';

/** Options of {@link postgresStore}: a database to connect to, or a pool the host already opened and keeps owning. */
export type PostgresStoreOptions = (
  | {
      /** A `postgres://` URL; the store opens its own pool with the optional `pg` package (checked for at once) and ends it on `close()`. */
      connectionString: string;
      /** Whether to learn of writes through `LISTEN` on a connection of its own; defaults to `true` (see {@link postgresStore}). */
      notifications?: boolean;
    }
  | {
      /** An open `pg` pool (`new pg.Pool(…)`); the store runs its queries on it but leaves its settings and lifetime alone. */
      pool: PostgresPool;
      /** Whether to learn of writes through `LISTEN` on one connection held out of the pool; defaults to `true` (see {@link postgresStore}). */
      notifications?: boolean;
    }
) & {
  /** The schema holding the tables, created when missing; defaults to `public`. */
  schema?: string;
  /**
   * Whether each statement is prepared once per connection (a named statement), so PostgreSQL parses and
   * plans the outbox's claims once, not every time. Defaults to `true` on the store's own pool and `false`
   * on a host's (set `true` for a `pg` pool). Set `false` behind a pooler in transaction mode that cannot
   * keep prepared statements (PgBouncer before 1.21).
   */
  prepare?: boolean;
};

/** Rejects when PostgreSQL fails an operation; says which one and the SQLSTATE, but never row data. */
export class PostgresStoreError extends Error {
  override readonly name = 'PostgresStoreError';
  /** The SQLSTATE of a database error (e.g. `23505`), or the Node.js code of a connection error (e.g. `ECONNREFUSED`). */
  readonly code: string | undefined;

  // The original error is not kept as `cause`: its `detail` can quote a whole row, sealed secrets included.
  constructor(
    /** What the store was doing, e.g. `save the settings`. */
    readonly operation: string,
    error: unknown,
  ) {
    const { code, reason } = describeFailure(error);
    super(`smtp-settings: PostgreSQL could not ${operation}: ${reason}`);
    this.code = code;
  }
}

/** Each entry upgrades the schema by one step; `smtp_settings_migrations` records which have run. */
const MIGRATIONS: ReadonlyArray<(schema: string) => string> = [
  (schema) => `CREATE TABLE IF NOT EXISTS ${schema}.smtp_settings (
    tenant TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    settings JSONB NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS ${schema}.smtp_settings_audit (
    id BIGSERIAL PRIMARY KEY,
    tenant TEXT NOT NULL,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_fields JSONB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS smtp_settings_audit_tenant ON ${schema}.smtp_settings_audit (tenant, id DESC);
  CREATE TABLE IF NOT EXISTS ${schema}.smtp_settings_oauth_flows (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    status TEXT NOT NULL,
    data JSONB NOT NULL,
    created_at TEXT NOT NULL,
    -- Byte order, as JavaScript compares strings: a locale collation may order ISO timestamps differently.
    expires_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX IF NOT EXISTS smtp_settings_oauth_flows_expires_at
    ON ${schema}.smtp_settings_oauth_flows (expires_at);`,
  // Tests join saves in the audit trail; every entry before them was a save.
  (schema) => `ALTER TABLE ${schema}.smtp_settings_audit
    ADD COLUMN IF NOT EXISTS action TEXT NOT NULL DEFAULT 'save',
    ADD COLUMN IF NOT EXISTS details JSONB;`,
  // Rotations change the record without a new version; until now every write was a new version.
  (
    schema,
  ) => `ALTER TABLE ${schema}.smtp_settings ADD COLUMN IF NOT EXISTS revision INTEGER NOT NULL DEFAULT 0;
    UPDATE ${schema}.smtp_settings SET revision = version;`,
  // Every write tells the listening stores (postgres-channel.ts), whoever makes it: a store, an older
  // adapter still running, a fix by hand. `*` (forget every tenant) stands for deleted rows and for a
  // tenant too long for a notification's 8000 bytes. The channel is derived from the schema's name here,
  // not written in, so it still matches after the schema is renamed.
  (schema) => `CREATE OR REPLACE FUNCTION ${schema}.smtp_settings_notify() RETURNS trigger
    LANGUAGE plpgsql AS $notify$
    DECLARE
      channel TEXT := 'smtp_settings_' || left(encode(sha256(convert_to(TG_TABLE_SCHEMA, 'UTF8')), 'hex'), 16);
    BEGIN
      IF TG_LEVEL = 'ROW' THEN
        IF octet_length(NEW.tenant) <= 7000 THEN
          PERFORM pg_notify(channel, NEW.revision || ':' || NEW.tenant);
          RETURN NULL;
        END IF;
      END IF;
      PERFORM pg_notify(channel, '*');
      RETURN NULL;
    END $notify$;
  DROP TRIGGER IF EXISTS smtp_settings_notify ON ${schema}.smtp_settings;
  CREATE TRIGGER smtp_settings_notify AFTER INSERT OR UPDATE ON ${schema}.smtp_settings
    FOR EACH ROW EXECUTE FUNCTION ${schema}.smtp_settings_notify();
  DROP TRIGGER IF EXISTS smtp_settings_notify_all ON ${schema}.smtp_settings;
  CREATE TRIGGER smtp_settings_notify_all AFTER DELETE OR TRUNCATE ON ${schema}.smtp_settings
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.smtp_settings_notify();`,
  // Access tokens shared by every instance, and who refreshes them (postgres-access-tokens.ts).
  postgresAccessTokensMigration,
  // The outbox: the delivery log, and the queue in it (postgres-deliveries.ts). Times are ISO 8601 text in
  // byte order, as JavaScript compares them and as the store hands them back.
  (schema) => `CREATE TABLE IF NOT EXISTS ${schema}.smtp_deliveries (
    seq BIGSERIAL PRIMARY KEY, -- insertion order: orders equal times, and the log's cursor
    id TEXT NOT NULL UNIQUE,
    tenant TEXT COLLATE "C" NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'retrying', 'sent', 'failed', 'discarded')),
    idempotency_key TEXT,
    created_at TEXT COLLATE "C" NOT NULL,
    queued_at TEXT COLLATE "C" NOT NULL, -- handed over or last resent: where the retry horizon starts
    updated_at TEXT COLLATE "C" NOT NULL,
    due_at TEXT COLLATE "C", -- next attempt (queued, retrying) or lease end (sending); NULL once finished
    attempts INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    to_addresses JSONB NOT NULL,
    cc_addresses JSONB NOT NULL,
    bcc_addresses JSONB NOT NULL,
    recipients JSONB NOT NULL, -- all of them lowercased: what the recipient filter compares
    subject TEXT NOT NULL,
    sent_at TEXT COLLATE "C",
    failure JSONB,
    lease_owner TEXT,
    -- Claimed after its lease ran out, and not tried since: the server may have it already.
    interrupted BOOLEAN NOT NULL DEFAULT false,
    content TEXT -- sealed; NULL once sent, and for a direct send
  );
  CREATE UNIQUE INDEX IF NOT EXISTS smtp_deliveries_idempotency ON ${schema}.smtp_deliveries (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
  CREATE INDEX IF NOT EXISTS smtp_deliveries_due ON ${schema}.smtp_deliveries (tenant, due_at, seq)
    WHERE due_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS smtp_deliveries_next ON ${schema}.smtp_deliveries (due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS smtp_deliveries_newest ON ${schema}.smtp_deliveries (tenant, created_at, seq);
  CREATE INDEX IF NOT EXISTS smtp_deliveries_status ON ${schema}.smtp_deliveries (tenant, status, created_at, seq);
  CREATE INDEX IF NOT EXISTS smtp_deliveries_waiting ON ${schema}.smtp_deliveries (queued_at)
    WHERE status IN ('queued', 'retrying');
  CREATE INDEX IF NOT EXISTS smtp_deliveries_finished ON ${schema}.smtp_deliveries (updated_at)
    WHERE status IN ('sent', 'failed', 'discarded');
  CREATE TABLE IF NOT EXISTS ${schema}.smtp_delivery_attempts (
    seq BIGSERIAL PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES ${schema}.smtp_deliveries (id) ON DELETE CASCADE,
    tenant TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    delivered BOOLEAN NOT NULL,
    attempt JSONB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS smtp_delivery_attempts_delivery ON ${schema}.smtp_delivery_attempts (delivery_id, seq);
  CREATE INDEX IF NOT EXISTS smtp_delivery_attempts_latest ON ${schema}.smtp_delivery_attempts (tenant, delivered, at);
  CREATE TABLE IF NOT EXISTS ${schema}.smtp_delivery_holds (
    tenant TEXT COLLATE "C" PRIMARY KEY,
    failure JSONB NOT NULL,
    since TEXT NOT NULL,
    revision INTEGER NOT NULL
  );`,
  // A tenant's turn on a queue engine: who serves it until when, and what the next turn needs (its rate).
  (schema) => `CREATE TABLE IF NOT EXISTS ${schema}.smtp_delivery_turns (
    tenant TEXT COLLATE "C" PRIMARY KEY,
    owner TEXT,
    lease_until TEXT COLLATE "C",
    state JSONB NOT NULL DEFAULT '{"recent":[]}'
  );`,
  // A tenant's last reported health (`code` NULL: working), so instances report a change once between them.
  (schema) => `CREATE TABLE IF NOT EXISTS ${schema}.smtp_delivery_health (
    tenant TEXT PRIMARY KEY,
    code TEXT,
    changed_at TEXT NOT NULL
  );`, // When each shared token was minted, and the lapse each tenant was warned of (outbox/token-lapse-marks.ts).
  postgresTokenLapseMigration,
];

/** SQLSTATE classes whose messages name only objects and states, never values: connection, auth, schema, locks, resources. */
const SAFE_SQLSTATE_CLASSES = new Set(['08', '28', '3D', '3F', '40', '42', '53', '54', '55', '57', '58']);
const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA_NAME = '3F000';
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Creates a store backed by PostgreSQL, safe to share between processes: every write is one conditional
 * statement (the audit entry goes in the same statement), and the tables are created or migrated on first
 * use under an advisory lock, so instances starting together do not race. The same schema keeps the
 * outbox's delivery log and queue (postgres-deliveries.ts) and its tenant turns.
 *
 * `getRevision`, which the mailer calls before every send, answers from memory while the store is sure its
 * memory is current: every write of the settings, by any process, is announced with `NOTIFY` (a trigger),
 * and from the first `getRevision` on the store listens on one connection of its own (with `pool`, one
 * held out of it). A tenant's revision is read from the database once after `LISTEN` is confirmed, then
 * raised by each announcement and by its own writes, so another process's save shows once its
 * notification arrives (usually within a millisecond of the save). Until it listens, and from the moment
 * that connection fails or stops answering, every call reads the database again; it listens again after a
 * backoff. Pass `notifications: false` where `LISTEN` cannot work, such as behind PgBouncer in
 * transaction mode.
 *
 * @example
 * ```ts
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL!, schema: 'smtp_settings' });
 * app.route('/api/smtp', createSmtpSettings({ store, ...options }));
 * ```
 */
export function postgresStore(
  options: PostgresStoreOptions,
): SettingsStore &
  SecretResealing &
  AccessTokenStore &
  DeliveryStore &
  ContentResealing &
  TenantTurns &
  TenantHealthStore &
  TokenLapseMarks &
  SecretExpiryNotes {
  const hostPool = 'pool' in options ? options.pool : undefined;
  const connectionString = 'connectionString' in options ? options.connectionString : undefined;
  if (hostPool === undefined) {
    if (typeof connectionString !== 'string')
      throw new TypeError('smtp-settings: postgresStore needs `connectionString` or `pool`');
    // Fails the host's startup, like every other configuration error, rather than each request.
    assertPgInstalled();
  }
  const schemaName = options.schema ?? 'public';
  const schema = quoteIdentifier(schemaName);
  const settingsTable = `${schema}.smtp_settings`;
  const auditTable = `${schema}.smtp_settings_audit`;
  const flowsTable = `${schema}.smtp_settings_oauth_flows`;
  // Only a pool the store opened itself is ended on close(); a host's pool stays the host's.
  let ownPool: OwnedPostgresPool | undefined;
  let starting: Promise<PostgresPool> | undefined;
  let closed = false;
  const revisions =
    options.notifications === false
      ? undefined
      : createRevisionCache({
          schema: schemaName,
          connect: () =>
            hostPool === undefined
              ? openListeningConnection(connectionString as string, DEFAULT_TIMING.connectTimeoutMs)
              : holdPoolConnection(hostPool),
        });

  async function start(): Promise<PostgresPool> {
    let pool = hostPool;
    if (pool === undefined) {
      // Checked when the store was created: without a pool there is a connection string.
      ownPool ??= await openPool(connectionString as string);
      pool = ownPool;
    }
    await migrate(pool, schemaName);
    return pool;
  }

  function ready(): Promise<PostgresPool> {
    if (closed) return Promise.reject(new Error('smtp-settings: the PostgreSQL store is closed'));
    // A failed start is forgotten, so the next call tries again once the database is back.
    starting ??= start().catch((error: unknown) => {
      starting = undefined;
      throw error;
    });
    return starting;
  }

  const nameOf = (options.prepare ?? hostPool === undefined) ? statementNames() : undefined;
  const query: PostgresQuery = async <R>(
    operation: string,
    text: string,
    values: unknown[],
  ): Promise<PostgresQueryResult<R>> => {
    const db = await ready();
    try {
      // The rows are what the statement selects, which its caller names as R. A pool prepares statements
      // when it is `pg`'s: the store's own, or a host's whose host said so.
      return (await (nameOf
        ? (db as unknown as PreparingPool).query({ name: nameOf(text), text, values })
        : db.query(text, values))) as PostgresQueryResult<R>;
    } catch (error) {
      throw new PostgresStoreError(operation, error);
    }
  };

  async function readRevision(tenant: string): Promise<number> {
    const { rows } = await query<{ revision: number }>(
      'read the settings revision',
      `SELECT revision FROM ${settingsTable} WHERE tenant = $1`,
      [tenant],
    );
    return Number(rows[0]?.revision ?? 0);
  }

  async function readVersion(tenant: string): Promise<number> {
    const { rows } = await query<{ version: number }>(
      'read the settings version',
      `SELECT version FROM ${settingsTable} WHERE tenant = $1`,
      [tenant],
    );
    return Number(rows[0]?.version ?? 0);
  }

  return {
    ...postgresAccessTokens(query, schema),
    ...postgresDeliveries(query, schema),
    ...postgresContentResealing(query, schema),
    ...postgresTenantTurns(query, schema),
    ...postgresTenantHealth(query, schema),
    ...postgresTokenLapseMarks(query, schema),

    async get(tenant) {
      const { rows } = await query<SettingsRow>(
        'read the settings',
        `SELECT version, revision, settings::text AS settings, updated_at, updated_by FROM ${settingsTable}
         WHERE tenant = $1`,
        [tenant],
      );
      const [row] = rows;
      return row === undefined ? null : toRecord(row);
    },

    getRevision(tenant) {
      return revisions === undefined ? readRevision(tenant) : revisions.revision(tenant, readRevision);
    },

    async put(tenant, record, expectedVersion) {
      const settings = JSON.stringify(record.settings);
      const { updatedAt, updatedBy } = record;
      // One statement writes the row only if the version still matches and audits only what it wrote, so
      // there is no read-then-write window and no transaction to hold a pooled connection across awaits.
      const write =
        expectedVersion === 0
          ? `INSERT INTO ${settingsTable} (tenant, version, revision, settings, updated_at, updated_by)
             VALUES ($1, 1, 1, $2::jsonb, $3::text, $4::text) ON CONFLICT (tenant) DO NOTHING`
          : `UPDATE ${settingsTable} SET version = version + 1, revision = revision + 1, settings = $2::jsonb,
             updated_at = $3::text, updated_by = $4::text WHERE tenant = $1 AND version = $6::integer`;
      const { rows } = await query<{ version: number; revision: number }>(
        'save the settings',
        `WITH written AS (${write} RETURNING tenant, version, revision),
         audited AS (
           INSERT INTO ${auditTable} (tenant, version, at, actor, changed_fields, action)
           SELECT tenant, version, $3::text, $4::text, $5::jsonb, 'save' FROM written
         )
         SELECT version, revision FROM written`,
        [
          tenant,
          settings,
          updatedAt,
          updatedBy,
          JSON.stringify(record.changedFields),
          ...(expectedVersion === 0 ? [] : [expectedVersion]),
        ],
      );
      const [written] = rows;
      if (written === undefined) {
        // The conditional write above decided the conflict; this read only fills in the error.
        throw new VersionConflictError(await readVersion(tenant));
      }
      const revision = Number(written.revision);
      revisions?.wrote(tenant, revision);
      return {
        settings: JSON.parse(settings),
        version: Number(written.version),
        revision,
        updatedAt,
        updatedBy,
      };
    },

    async rotateSecret(tenant, { field, sealed, connection, at, actor }, version) {
      // Like put, one statement: the secret, the revision and the audit entry, only while the version holds.
      // The connection fields are set only in a `connection` object the settings already have.
      const { rows } = await query<{ revision: number }>(
        'save a rotated secret',
        `WITH written AS (
           UPDATE ${settingsTable} SET revision = revision + 1, settings = CASE
             WHEN jsonb_typeof(settings -> 'connection') = 'object'
               THEN jsonb_set(settings, ARRAY[$2::text], to_jsonb($3::text))
                 || jsonb_build_object('connection', (settings -> 'connection') || $4::jsonb)
             ELSE jsonb_set(settings, ARRAY[$2::text], to_jsonb($3::text)) END
           WHERE tenant = $1 AND version = $7::integer RETURNING tenant, version, revision
         ),
         audited AS (
           INSERT INTO ${auditTable} (tenant, version, at, actor, changed_fields, action)
           SELECT tenant, version, $5::text, $6::text, jsonb_build_array($2::text), 'rotation' FROM written
         )
         SELECT revision FROM written`,
        [tenant, field, sealed, JSON.stringify(connection ?? {}), at, actor, version],
      );
      const [written] = rows;
      if (written === undefined) return null;
      const revision = Number(written.revision);
      revisions?.wrote(tenant, revision);
      return revision;
    },

    async noteSecretExpiry(tenant, { field, value }, version) {
      // One statement, decided on the row locked: of several processes noting the same value, one writes it.
      const { rows } = await query<{ revision: number }>(
        'note the client secret expiry',
        `UPDATE ${settingsTable} SET revision = revision + 1,
           settings = jsonb_set(settings, ARRAY[$2::text], to_jsonb($3::text))
         WHERE tenant = $1 AND version = $4::integer AND settings ->> $2::text IS DISTINCT FROM $3::text
         RETURNING revision`,
        [tenant, field, value, version],
      );
      const [written] = rows;
      if (written === undefined) return false;
      revisions?.wrote(tenant, Number(written.revision));
      return true;
    },

    async listTenants(after, limit) {
      // The primary key's own order and comparison, so each page is one range of its index.
      const page = Math.max(0, limit);
      const { rows } =
        after === undefined
          ? await query<{ tenant: string }>(
              'list the tenants',
              `SELECT tenant FROM ${settingsTable} ORDER BY tenant LIMIT $1`,
              [page],
            )
          : await query<{ tenant: string }>(
              'list the tenants',
              `SELECT tenant FROM ${settingsTable} WHERE tenant > $1 ORDER BY tenant LIMIT $2`,
              [after, page],
            );
      return rows.map((row) => row.tenant);
    },

    async resealSecrets(tenant, { sealed, at, actor }, revision) {
      // Like rotateSecret, one statement; `||` replaces the top-level fields the patch names.
      const { rows } = await query<{ revision: number }>(
        'save re-sealed secrets',
        `WITH written AS (
           UPDATE ${settingsTable} SET revision = revision + 1, settings = settings || $2::jsonb
           WHERE tenant = $1 AND revision = $3::integer RETURNING tenant, version, revision
         ),
         audited AS (
           INSERT INTO ${auditTable} (tenant, version, at, actor, changed_fields, action)
           SELECT tenant, version, $4::text, $5::text, $6::jsonb, 'reseal' FROM written
         )
         SELECT revision FROM written`,
        [tenant, JSON.stringify(sealed), revision, at, actor, JSON.stringify(Object.keys(sealed))],
      );
      const [written] = rows;
      if (written === undefined) return null;
      const next = Number(written.revision);
      revisions?.wrote(tenant, next);
      return next;
    },

    async audit(tenant, options) {
      const { rows } = await query<AuditRow>(
        'read the audit trail',
        `SELECT action, version, at, actor, changed_fields::text AS changed_fields, details::text AS details
         FROM ${auditTable} WHERE tenant = $1 ORDER BY id DESC LIMIT $2`,
        [tenant, auditLimit(options)],
      );
      return rows.map((row) => toAudit(tenant, row));
    },

    async recordAudit(tenant, { action, version, at, actor, test: { host, port, outcome } }) {
      await query(
        'record the audit entry',
        `INSERT INTO ${auditTable} (tenant, version, at, actor, changed_fields, action, details)
         VALUES ($1, $2, $3, $4, '[]'::jsonb, $5, $6::jsonb)`,
        [tenant, version, at, actor, action, JSON.stringify({ host, port, outcome })],
      );
    },

    async createFlow(flow) {
      const { id, tenant, status, createdAt, expiresAt } = flow;
      const { rowCount } = await query(
        'record the OAuth flow',
        `INSERT INTO ${flowsTable} (id, tenant, status, data, created_at, expires_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [id, tenant, status, JSON.stringify(flow.data), createdAt, expiresAt],
      );
      if (rowCount === 0) throw new FlowExistsError();
    },

    async getFlow(tenant, id) {
      const { rows } = await query<FlowRow>(
        'read the OAuth flow',
        `SELECT id, tenant, status, data::text AS data, created_at, expires_at FROM ${flowsTable}
         WHERE id = $1 AND tenant = $2`,
        [id, tenant],
      );
      const [row] = rows;
      return row === undefined ? null : toFlow(row);
    },

    async transitionFlow(tenant, id, from, next) {
      const { rowCount } = await query(
        'move the OAuth flow',
        `UPDATE ${flowsTable} SET status = $1, data = $2::jsonb WHERE id = $3 AND tenant = $4 AND status = $5`,
        [next.status, JSON.stringify(next.data), id, tenant, from],
      );
      return rowCount === 1;
    },

    async deleteExpiredFlows(now) {
      const { rowCount } = await query(
        'delete expired OAuth flows',
        `DELETE FROM ${flowsTable} WHERE expires_at < $1`,
        [now],
      );
      return rowCount ?? 0;
    },

    async close() {
      if (closed) return;
      closed = true;
      await revisions?.close();
      // Let a start in progress finish first, so the pool it is opening gets ended too.
      await starting?.catch(() => undefined);
      await ownPool?.end();
    },
  };
}

/** Brings the schema's tables up to date, unless they are already. */
async function migrate(pool: PostgresPool, schemaName: string): Promise<void> {
  const schema = quoteIdentifier(schemaName);
  const operation = 'prepare its tables';
  // Reading first keeps a role without CREATE rights working once the tables exist.
  if ((await schemaVersion(pool, schema, operation)) === MIGRATIONS.length) return;

  const client = await pool.connect().catch((error: unknown) => {
    throw new PostgresStoreError(operation, error);
  });
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    // Serializes every instance migrating this schema, until COMMIT or ROLLBACK releases it.
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockKey(schemaName)]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schemaName]);
    // Only when missing: CREATE SCHEMA IF NOT EXISTS still needs the right to create schemas.
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.smtp_settings_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    );
    const current = await schemaVersion(client, schema, operation);
    for (const [index, migration] of MIGRATIONS.entries()) {
      if (index < current) continue;
      await client.query(migration(schema));
      await client.query(`INSERT INTO ${schema}.smtp_settings_migrations (version) VALUES ($1)`, [index + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error instanceof PostgresStoreError || !isPgFailure(error)
      ? error
      : new PostgresStoreError(operation, error);
  } finally {
    // A connection that could not even roll back is discarded instead of going back to the pool.
    client.release(broken);
  }
}

/** How many migrations the schema has had; throws when it is newer than this code knows. */
async function schemaVersion(
  db: Pick<PostgresPool, 'query'>,
  schema: string,
  operation: string,
): Promise<number> {
  let version: number;
  try {
    const { rows } = await db.query(`SELECT max(version) AS version FROM ${schema}.smtp_settings_migrations`);
    version = Number((rows as Array<{ version: number | null }>)[0]?.version ?? 0);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA_NAME) return 0;
    throw new PostgresStoreError(operation, error);
  }
  if (version > MIGRATIONS.length) {
    throw new Error(
      `smtp-settings: the PostgreSQL schema is at version ${version}, newer than this adapter knows (${MIGRATIONS.length}); upgrade @smtp-settings/adapter.`,
    );
  }
  return version;
}

/** A stable 64-bit advisory lock key per schema, so instances on different schemas never wait on each other. */
function advisoryLockKey(schemaName: string): string {
  return createHash('sha256').update(`smtp-settings:${schemaName}`).digest().readBigInt64BE(0).toString();
}

/** Quotes a schema name for SQL; refuses names PostgreSQL would silently truncate or cannot store. */
function quoteIdentifier(name: string): string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.includes('\0') ||
    Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES
  ) {
    throw new TypeError(
      `smtp-settings: the PostgreSQL schema must be a name of 1 to ${MAX_IDENTIFIER_BYTES} bytes without NUL characters`,
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** Whether an error came from PostgreSQL or the connection to it, rather than from our own code. */
function isPgFailure(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** The code and a message that is safe to log: a database error's own message only when its class cannot quote values. */
function describeFailure(error: unknown): { code: string | undefined; reason: string } {
  if (!(error instanceof Error)) return { code: undefined, reason: 'unknown error' };
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  const codeText = typeof code === 'string' ? code : undefined;
  if (typeof severity === 'string') {
    // Sent by the server: data and constraint errors (and RAISE in triggers) can quote the row in the message.
    const safe = codeText !== undefined && SAFE_SQLSTATE_CLASSES.has(codeText.slice(0, 2));
    return {
      code: codeText,
      reason: safe ? `${error.message} (SQLSTATE ${codeText})` : `SQLSTATE ${codeText ?? 'unknown'}`,
    };
  }
  // Raised by the client or the network (refused, reset, timed out): these never carry row data.
  return { code: codeText, reason: error.message || codeText || error.name };
}
