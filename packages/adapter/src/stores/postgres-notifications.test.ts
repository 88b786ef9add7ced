import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  dropTestSchema,
  listeningBackends,
  TEST_DATABASE_URL,
  terminateBackend,
  testSchemaName,
  untilRevision,
  withTestDatabase,
} from '../../test/postgres-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../test/socket-handles.js';
import type { PostgresPool } from './postgres-pool.js';
import { postgresStore } from './postgres-store.js';
import type { SecretRotation, SettingsStore, SettingsWrite } from './store.js';

const writeOf = (host: string): SettingsWrite => ({
  settings: { host, password: 'v1.sealed.1' },
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'admin',
  changedFields: ['host'],
});

const rotation: SecretRotation = {
  field: 'password',
  sealed: 'v1.sealed.rotated',
  at: '2025-01-02T00:00:00.000Z',
  actor: 'mailer',
};

/** Starting to listen takes a connection and a round trip; more than a second only on a starved machine. */
const LISTENS_WITHIN_MS = 5_000;

beforeAll(() => withTestDatabase((client) => client.query('SELECT 1')));

describe('postgresStore notifications', () => {
  let schema: string;
  let pool: pg.Pool;
  /** Every query the store under test (B) makes through its pool; its listening connection is not counted. */
  let queries: MockInstance<PostgresPool['query']>;
  const opened: SettingsStore[] = [];
  const open = (options: { notifications?: boolean } = {}) => {
    const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema, ...options });
    opened.push(store);
    return store;
  };
  const openOnPool = (options: { notifications?: boolean } = {}) => {
    const store = postgresStore({ pool, schema, ...options });
    opened.push(store);
    return store;
  };
  /** How many queries one getRevision made. */
  const queriesOf = async (store: SettingsStore, tenant: string) => {
    const before = queries.mock.calls.length;
    await store.getRevision(tenant);
    return queries.mock.calls.length - before;
  };
  /** Waits until `store` answers `tenant`'s revision without a query: it listens and has read it since. */
  const untilAnsweredFromMemory = (store: SettingsStore, tenant: string) =>
    expect.poll(() => queriesOf(store, tenant), { timeout: LISTENS_WITHIN_MS, interval: 5 }).toBe(0);

  beforeEach(() => {
    schema = testSchemaName();
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
    queries = vi.spyOn(pool, 'query') as unknown as MockInstance<PostgresPool['query']>;
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await pool.end();
    await dropTestSchema(schema);
  });

  it('answers getRevision from memory once it listens, and hears another store’s writes within a second', async () => {
    const a = open();
    const b = openOnPool();
    await a.put('acme', writeOf('a.example.com'), 0);
    // Until LISTEN is confirmed every read is a query; then one more reads the tenant, and no other does.
    expect(await queriesOf(b, 'acme')).toBeGreaterThan(0);
    await untilAnsweredFromMemory(b, 'acme');
    expect(await b.getRevision('acme')).toBe(1);
    const before = queries.mock.calls.length;

    await a.put('acme', writeOf('b.example.com'), 1);
    await untilRevision(b, 'acme', 2);
    expect(await a.rotateSecret('acme', rotation, 2)).toBe(3);
    await untilRevision(b, 'acme', 3);
    await a.put('a:b c 📬', writeOf('c.example.com'), 0);
    expect(await b.getRevision('acme')).toBe(3);
    expect(queries.mock.calls.length).toBe(before);

    // Another tenant is read once, then heard of like the first.
    expect(await queriesOf(b, 'a:b c 📬')).toBe(1);
    expect(await b.getRevision('a:b c 📬')).toBe(1);
    await a.put('a:b c 📬', writeOf('d.example.com'), 1);
    await untilRevision(b, 'a:b c 📬', 2);
    expect(queries.mock.calls.length).toBe(before + 1);
  });

  it('sees its own writes at once, before their notification', async () => {
    const b = openOnPool();
    await b.put('acme', writeOf('a.example.com'), 0);
    await untilAnsweredFromMemory(b, 'acme');
    // Nothing but this store's own write may move the revision, so its very next read must show it.
    const { revision } = await b.put('acme', writeOf('b.example.com'), 1);
    expect(await b.getRevision('acme')).toBe(revision);
    expect(await b.rotateSecret('acme', rotation, 2)).toBe(3);
    expect(await b.getRevision('acme')).toBe(3);
  });

  it('hears a write made without the store, and forgets what it knew when a record is deleted', async () => {
    const a = open();
    const b = openOnPool();
    await a.put('acme', writeOf('a.example.com'), 0);
    await a.put('globex', writeOf('g.example.com'), 0);
    await untilAnsweredFromMemory(b, 'acme');
    await untilAnsweredFromMemory(b, 'globex');

    await withTestDatabase((client) =>
      client.query(
        `UPDATE ${client.escapeIdentifier(schema)}.smtp_settings SET revision = revision + 1 WHERE tenant = 'acme'`,
      ),
    );
    await untilRevision(b, 'acme', 2);
    await withTestDatabase((client) =>
      client.query(`DELETE FROM ${client.escapeIdentifier(schema)}.smtp_settings WHERE tenant = 'globex'`),
    );
    await expect.poll(() => b.getRevision('globex'), { timeout: 1000, interval: 2 }).toBe(0);
  });

  it('falls back to queries the moment its listening connection is killed, then listens again', async () => {
    const a = open();
    const b = openOnPool();
    await a.put('acme', writeOf('a.example.com'), 0);
    await untilAnsweredFromMemory(b, 'acme');
    const [listener, ...others] = await listeningBackends(schema);
    expect(listener).toBeDefined();
    expect(others).toEqual([]);

    await terminateBackend(listener as number);
    // Once the client has seen its connection end, no answer comes from memory any more.
    await expect.poll(() => queriesOf(b, 'acme'), { timeout: 1000, interval: 2 }).toBe(1);
    await a.put('acme', writeOf('b.example.com'), 1);
    expect(await b.getRevision('acme')).toBe(2);

    await untilAnsweredFromMemory(b, 'acme');
    const [again] = await listeningBackends(schema);
    expect(again).toBeDefined();
    expect(again).not.toBe(listener);
    const before = queries.mock.calls.length;
    await a.put('acme', writeOf('c.example.com'), 2);
    await untilRevision(b, 'acme', 3);
    expect(queries.mock.calls.length).toBe(before);
  });

  it('queries every time with notifications: false, and listens on nothing', async () => {
    const a = open();
    const b = openOnPool({ notifications: false });
    await a.put('acme', writeOf('a.example.com'), 0);
    await b.get('acme');
    for (let n = 0; n < 5; n += 1) expect(await queriesOf(b, 'acme')).toBe(1);
    await a.put('acme', writeOf('b.example.com'), 1);
    expect(await b.getRevision('acme')).toBe(2);
    expect(await listeningBackends(schema)).toEqual([]);
  });

  it('queries every time on a pool whose connections cannot tell of notifications, and gives the connection back', async () => {
    const released: unknown[] = [];
    // A host's pool that is not pg's: its clients run statements and go back, and that is all.
    const plain: PostgresPool = {
      query: (text, values) => pool.query(text, values),
      async connect() {
        const client = await pool.connect();
        return {
          query: (text, values) => client.query(text, values),
          release: (error) => {
            released.push(error);
            client.release(error);
          },
        };
      },
    };
    const b = postgresStore({ pool: plain, schema });
    opened.push(b);
    await b.put('acme', writeOf('a.example.com'), 0);
    // The first read tries to listen; once the pool's connection came back, every read still queries.
    expect(await queriesOf(b, 'acme')).toBe(1);
    await expect.poll(() => released.length, { timeout: LISTENS_WITHIN_MS }).toBeGreaterThan(0);
    for (let n = 0; n < 3; n += 1) expect(await queriesOf(b, 'acme')).toBe(1);
    expect(await listeningBackends(schema)).toEqual([]);
  });

  it('leaves a host’s pool of one connection to its queries', async () => {
    const single = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    const b = postgresStore({ pool: single, schema });
    try {
      await b.put('acme', writeOf('a.example.com'), 0);
      for (let n = 0; n < 5; n += 1) expect(await b.getRevision('acme')).toBe(1);
      await b.put('acme', writeOf('b.example.com'), 1);
      expect(await b.getRevision('acme')).toBe(2);
      expect(await listeningBackends(schema)).toEqual([]);
    } finally {
      await b.close();
      await single.end();
    }
  });

  it('ends its listening connection on close(), leaving no socket open, also while still connecting', async () => {
    await pool.query('SELECT 1');
    const before = openSockets();
    const listening = open();
    await listening.getRevision('acme');
    await expect.poll(() => listeningBackends(schema), { timeout: LISTENS_WITHIN_MS }).toHaveLength(1);
    await listening.close();
    await expectSocketsBackTo(before);
    await expect.poll(() => listeningBackends(schema), { timeout: 1000 }).toEqual([]);

    const connecting = open();
    await connecting.getRevision('acme');
    await connecting.close();
    await expectSocketsBackTo(before);
    await expect.poll(() => listeningBackends(schema), { timeout: 1000 }).toEqual([]);
  });

  it('gives its connection back to a host’s pool on close(), so the pool can end', async () => {
    const b = openOnPool();
    await b.getRevision('acme');
    await expect.poll(() => listeningBackends(schema), { timeout: LISTENS_WITHIN_MS }).toHaveLength(1);
    await b.close();
    const ended = pool.end().then(() => 'ended');
    const waiting = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000));
    expect(await Promise.race([ended, waiting])).toBe('ended');
    expect(pool.totalCount).toBe(0);
    await expect.poll(() => listeningBackends(schema), { timeout: 1000 }).toEqual([]);
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
  });
});
