import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeAccessTokenStoreContract } from '../../test/access-token-store-contract.js';
import {
  dropTestSchema,
  TEST_DATABASE_URL,
  testSchemaName,
  untilRevision,
  withTestDatabase,
} from '../../test/postgres-fixture.js';
import { describeStoreContract } from '../../test/store-contract.js';
import { notificationChannel } from './postgres-channel.js';
import { PostgresStoreError, type PostgresStoreOptions, postgresStore } from './postgres-store.js';
import {
  type OAuthFlowRecord,
  type SecretRotation,
  type SettingsStore,
  type SettingsWrite,
  VersionConflictError,
} from './store.js';

const flowOf = (id: string): OAuthFlowRecord => ({
  id,
  tenant: 'acme',
  status: 'started',
  data: { codeVerifier: 'verifier', clientSecret: 'v1.sealed.secret' },
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt: '2025-01-01T00:10:00.000Z',
});

const writeOf = (host: string): SettingsWrite => ({
  settings: { host },
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'admin',
  changedFields: ['host'],
});

// Fails the run, with a hint, when PostgreSQL is down: CI starts it, so a missing server is a broken setup.
beforeAll(() => withTestDatabase((client) => client.query('SELECT 1')));

describeStoreContract('postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema }),
    cleanup: () => dropTestSchema(schema),
  };
});

describeAccessTokenStoreContract('postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema }),
    cleanup: () => dropTestSchema(schema),
  };
});

// Where LISTEN and prepared statements cannot work (PgBouncer in transaction mode), the store reads every
// revision and sends every statement whole.
describeStoreContract('postgresStore without notifications or prepared statements', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({
      connectionString: TEST_DATABASE_URL,
      schema,
      notifications: false,
      prepare: false,
    }),
    cleanup: () => dropTestSchema(schema),
  };
});

describe('postgresStore on a shared schema', () => {
  let schema: string;
  const opened: SettingsStore[] = [];
  const open = (options: { schema?: string } = {}) => {
    const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema, ...options });
    opened.push(store);
    return store;
  };
  const migrationsOf = (name: string) =>
    withTestDatabase(async (client) => {
      const { rows } = await client.query<{ version: number }>(
        `SELECT version FROM ${client.escapeIdentifier(name)}.smtp_settings_migrations ORDER BY version`,
      );
      return rows.map((row) => row.version);
    });

  beforeEach(() => {
    schema = testSchemaName();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropTestSchema(schema);
  });

  it('lets two instances see each other’s writes at once and conflict correctly', async () => {
    const a = open();
    const b = open();
    await a.put('acme', writeOf('a.example.com'), 0);
    expect(await b.get('acme')).toMatchObject({ version: 1, settings: { host: 'a.example.com' } });

    await expect(b.put('acme', writeOf('b.example.com'), 0)).rejects.toMatchObject({ currentVersion: 1 });
    await b.put('acme', writeOf('b.example.com'), 1);
    await expect(a.put('acme', writeOf('a2.example.com'), 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(await a.get('acme')).toMatchObject({ version: 2, settings: { host: 'b.example.com' } });
    expect((await a.audit('acme')).map((entry) => entry.version)).toEqual([2, 1]);
  });

  it('prepares its statements on a host’s pg pool only when asked, once per connection', async () => {
    const preparedOn = async (prepare: boolean | undefined) => {
      const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
      try {
        const store = postgresStore({ pool, schema, ...(prepare !== undefined && { prepare }) });
        opened.push(store);
        if (!(await store.get('acme'))) await store.put('acme', writeOf('a.example.com'), 0);
        for (let n = 0; n < 3; n += 1) await store.get('acme');
        const { rows } = await pool.query<{ statement: string }>(
          `SELECT statement FROM pg_prepared_statements WHERE name LIKE 'smtp\\_settings\\_%'`,
        );
        return rows.map((row) => row.statement.replace(/\s+/g, ' ').trim());
      } finally {
        await pool.end();
      }
    };
    const reads = (statements: string[]) => statements.filter((text) => text.includes('settings::text'));
    expect(reads(await preparedOn(true))).toHaveLength(1);
    expect(await preparedOn(undefined)).toEqual([]);
    expect(await preparedOn(false)).toEqual([]);
  });

  it('lets exactly one of many puts spread over two instances win', async () => {
    const instances = [open(), open()];
    await instances[0]?.put('acme', writeOf('first.example.com'), 0);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => instances[n % 2]?.put('acme', writeOf(`${n}.example.com`), 1)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((result) => result.status === 'rejected')) {
      expect(result.reason).toMatchObject({ name: 'VersionConflictError', currentVersion: 2 });
    }
    expect(await open().audit('acme')).toHaveLength(2);
  });

  it('lets a second instance move a flow the first created, once', async () => {
    const a = open();
    const b = open();
    await a.createFlow(flowOf('flow-1'));
    expect(await b.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));

    const next = { status: 'completed' as const, data: { refreshToken: 'v1.sealed.refresh' } };
    expect(await b.transitionFlow('acme', 'flow-1', 'started', next)).toBe(true);
    expect(await a.transitionFlow('acme', 'flow-1', 'started', next)).toBe(false);
    expect(await a.getFlow('acme', 'flow-1')).toEqual({ ...flowOf('flow-1'), ...next });
  });

  it('migrates once when five instances start together on a new schema', async () => {
    const instances = Array.from({ length: 5 }, () => open());
    const results = await Promise.allSettled(instances.map((store) => store.get('acme')));
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('fulfilled'));
    expect(await migrationsOf(schema)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    await instances[2]?.put('acme', writeOf('kept.example.com'), 0);
    const again = open();
    expect(await again.get('acme')).toMatchObject({ version: 1, settings: { host: 'kept.example.com' } });
    expect(await migrationsOf(schema)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps its data when the schema is opened again', async () => {
    const first = open();
    await first.put('acme', writeOf('kept.example.com'), 0);
    await first.createFlow(flowOf('flow-1'));
    await first.close();

    const again = open();
    expect(await again.get('acme')).toMatchObject({ version: 1, settings: { host: 'kept.example.com' } });
    expect(await again.getFlow('acme', 'flow-1')).toEqual(flowOf('flow-1'));
    expect((await again.put('acme', writeOf('next.example.com'), 1)).version).toBe(2);
  });

  it('migrates a schema of the first release, whose audit entries read as saves', async () => {
    await withTestDatabase(async (client) => {
      const name = client.escapeIdentifier(schema);
      await client.query(`CREATE SCHEMA ${name};
        CREATE TABLE ${name}.smtp_settings_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        INSERT INTO ${name}.smtp_settings_migrations (version) VALUES (1);
        CREATE TABLE ${name}.smtp_settings (tenant TEXT PRIMARY KEY, version INTEGER NOT NULL,
          settings JSONB NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);
        CREATE TABLE ${name}.smtp_settings_audit (id BIGSERIAL PRIMARY KEY, tenant TEXT NOT NULL,
          version INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, changed_fields JSONB NOT NULL);
        CREATE TABLE ${name}.smtp_settings_oauth_flows (id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
          status TEXT NOT NULL, data JSONB NOT NULL, created_at TEXT NOT NULL, expires_at TEXT COLLATE "C" NOT NULL);
        INSERT INTO ${name}.smtp_settings VALUES ('acme', 1, '{"host":"old.example.com"}', '2024-06-01T00:00:00.000Z', 'admin');
        INSERT INTO ${name}.smtp_settings_audit (tenant, version, at, actor, changed_fields)
          VALUES ('acme', 1, '2024-06-01T00:00:00.000Z', 'admin', '["host"]');`);
    });
    const store = open();
    expect(await store.audit('acme')).toEqual([
      {
        tenant: 'acme',
        action: 'save',
        version: 1,
        at: '2024-06-01T00:00:00.000Z',
        actor: 'admin',
        changedFields: ['host'],
      },
    ]);
    expect(await migrationsOf(schema)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Every write of the first release was a new version, so the revision starts from the version.
    expect(await store.get('acme')).toMatchObject({ version: 1, revision: 1 });
    await store.recordAudit('acme', {
      action: 'test',
      version: 1,
      at: '2025-01-01T00:00:01.000Z',
      actor: 'admin',
      test: { host: 'old.example.com', port: 587, outcome: 'AUTH_FAILED' },
    });
    expect((await store.put('acme', writeOf('new.example.com'), 1)).version).toBe(2);
    expect((await store.audit('acme')).map((entry) => entry.action)).toEqual(['save', 'test', 'save']);
    expect(await store.getRevision('acme')).toBe(2);
  });

  it('announces every write of the settings on the schema’s channel, whoever makes it', async () => {
    const store = open();
    await store.get('acme');
    const listener = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', ({ channel, payload }) => heard.push(`${channel} ${payload}`));
      await listener.query(`LISTEN "${notificationChannel(schema)}"`);
      const expectHeard = (...payloads: string[]) =>
        expect
          .poll(() => heard, { timeout: 1000, interval: 5 })
          .toEqual(payloads.map((payload) => `${notificationChannel(schema)} ${payload}`));

      await store.put('acme', writeOf('a.example.com'), 0);
      await store.put('a:b c', writeOf('b.example.com'), 0);
      const rotation: SecretRotation = {
        field: 'password',
        sealed: 'v1.sealed.2',
        at: '2025-01-02T00:00:00.000Z',
        actor: 'm',
      };
      await store.rotateSecret('acme', rotation, 1);
      // As an adapter from before the notifications, or a fix by hand, would write.
      await listener.query(
        `UPDATE "${schema}".smtp_settings SET revision = revision + 1 WHERE tenant = 'acme'`,
      );
      await store.put('x'.repeat(7001), writeOf('long.example.com'), 0);
      await listener.query(`DELETE FROM "${schema}".smtp_settings WHERE tenant = 'a:b c'`);
      await expectHeard('1:acme', '1:a:b c', '2:acme', '3:acme', '*', '*');
      // A write that changes nothing tells nobody anything.
      await expect(store.put('acme', writeOf('late.example.com'), 0)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(await store.rotateSecret('acme', rotation, 7)).toBeNull();
      await store.put('globex', writeOf('c.example.com'), 0);
      await expectHeard('1:acme', '1:a:b c', '2:acme', '3:acme', '*', '*', '1:globex');
    } finally {
      await listener.end();
    }
  });

  it('refuses a schema that is newer than it knows', async () => {
    await open().get('acme');
    await withTestDatabase((client) =>
      client.query(
        `INSERT INTO ${client.escapeIdentifier(schema)}.smtp_settings_migrations (version) VALUES (99)`,
      ),
    );
    await expect(open().get('acme')).rejects.toThrow(/schema is at version 99/);
  });

  it('quotes an unusual schema name and refuses one PostgreSQL would truncate', async () => {
    const odd = `${schema} "Odd"; DROP Grüße`;
    try {
      const store = open({ schema: odd });
      await store.put('acme', writeOf('odd.example.com'), 0);
      expect(await store.get('acme')).toMatchObject({ settings: { host: 'odd.example.com' } });
      expect(await migrationsOf(odd)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // The outbox's statements quote it too.
      await store.addDelivery({
        id: 'delivery-1',
        tenant: 'acme',
        source: 'outbox',
        status: 'queued',
        createdAt: '2025-01-01T00:00:00.000Z',
        messageId: '<delivery-1@odd.example.com>',
        to: ['qa-lead@example.com'],
        cc: [],
        bcc: [],
        subject: 'Odd',
        content: 'v1.sealed.content',
      });
      const claim = { limit: 1, perTenant: 1, owner: 'worker-1', skipTenants: [] };
      const now = '2025-01-01T00:00:01.000Z';
      const leaseUntil = '2025-01-01T00:01:01.000Z';
      expect(await store.claimDeliveries({ ...claim, now, leaseUntil })).toMatchObject([
        { id: 'delivery-1' },
      ]);
      expect(await store.nextDueAt(['globex'])).toBe(leaseUntil);
      expect(await store.listSealedContents(undefined, 1)).toMatchObject([{ id: 'delivery-1' }]);
      // Another store on the schema hears of its writes: the trigger derives the channel the store listens on.
      const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
      const other = postgresStore({ pool, schema: odd });
      const queries = vi.spyOn(pool, 'query');
      try {
        const queriesOf = async () => {
          const before = queries.mock.calls.length;
          expect(await other.getRevision('acme')).toBe(1);
          return queries.mock.calls.length - before;
        };
        await expect.poll(queriesOf, { timeout: 5000, interval: 5 }).toBe(0);
        await store.put('acme', writeOf('odd2.example.com'), 1);
        await untilRevision(other, 'acme', 2);
      } finally {
        await other.close();
        await pool.end();
      }
    } finally {
      await dropTestSchema(odd);
    }
    expect(() => postgresStore({ connectionString: TEST_DATABASE_URL, schema: 'x'.repeat(64) })).toThrow(
      TypeError,
    );
    expect(() => postgresStore({ connectionString: TEST_DATABASE_URL, schema: '' })).toThrow(TypeError);
  });

  it('uses a pool it is given and leaves it open on close()', async () => {
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
    try {
      const store = postgresStore({ pool, schema });
      await store.put('acme', writeOf('given.example.com'), 0);
      await store.close();
      expect(pool.ended).toBe(false);
      const { rows } = await pool.query(`SELECT settings->>'host' AS host FROM "${schema}".smtp_settings`);
      expect(rows).toEqual([{ host: 'given.example.com' }]);
    } finally {
      await pool.end();
    }
  });

  it('refuses options without a connection string or a pool when it is created', () => {
    expect(() => postgresStore({} as PostgresStoreOptions)).toThrow(/needs `connectionString` or `pool`/);
  });

  it('ends the pool it opened on close(), can be closed twice and refuses work afterwards', async () => {
    const store = open();
    await store.get('acme');
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.get('acme')).rejects.toThrow(/closed/);
  });

  it('keeps row data that a PostgreSQL error carries out of the error it throws', async () => {
    const store = open();
    await store.get('acme');
    await withTestDatabase((client) =>
      client.query(`
        CREATE FUNCTION ${client.escapeIdentifier(schema)}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'refused %', NEW.settings->>'host' USING DETAIL = NEW.settings::text;
        END $$;
        CREATE TRIGGER refuse BEFORE INSERT ON ${client.escapeIdentifier(schema)}.smtp_settings
          FOR EACH ROW EXECUTE FUNCTION ${client.escapeIdentifier(schema)}.refuse();`),
    );
    const error = await store.put('acme', writeOf('leaky-value.example.com'), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresStoreError);
    expect(error).toMatchObject({
      name: 'PostgresStoreError',
      code: 'P0001',
      operation: 'save the settings',
    });
    expect(JSON.stringify(error)).not.toContain('leaky-value');
    expect(String((error as Error).message)).not.toContain('leaky-value');
    expect(error).not.toHaveProperty('detail');
    expect(error).not.toHaveProperty('cause');
  });

  it('reports an unreachable server by the connection error, without the connection string', async () => {
    const unreachable = postgresStore({
      connectionString: 'postgres://someone:hunter2-never-echo@127.0.0.1:1/test',
      schema,
    });
    const error = await unreachable.get('acme').catch((e: unknown) => e);
    await unreachable.close();
    expect(error).toMatchObject({ name: 'PostgresStoreError', code: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(/^smtp-settings: PostgreSQL could not prepare its tables: /);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
