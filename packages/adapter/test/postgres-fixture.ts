/**
 * Throwaway PostgreSQL schemas for tests, one per test, so runs are isolated and can go in parallel.
 * PostgreSQL must be running (`npm test` starts it, scripts/test-setup.mjs): without it the suites fail, they never skip.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import { notificationChannel } from '../src/stores/postgres-channel.js';
import type { SettingsStore } from '../src/stores/store.js';

/** Where the test database is; `SMTP_SETTINGS_TEST_DATABASE_URL` overrides the local trust-auth default. */
export const TEST_DATABASE_URL =
  process.env.SMTP_SETTINGS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test or run uses, like `smtp_test_3f9a1c0b7e2d`. */
export function testSchemaName(): string {
  return `smtp_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Runs `work` on a connection of its own to the test database and closes it, failing with a hint when
 * PostgreSQL is not reachable.
 *
 * @example
 * await withTestDatabase((client) => client.query('SELECT 1'));
 */
export async function withTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redacted(TEST_DATABASE_URL)}: start it (npm test does when it is installed) or set SMTP_SETTINGS_TEST_DATABASE_URL`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test schema and everything in it; a schema that was never created is fine.
 *
 * @example
 * afterEach(() => dropTestSchema(schema));
 */
export function dropTestSchema(schema: string): Promise<void> {
  return withTestDatabase(async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  });
}

/**
 * Waits until `store` answers `revision` or later for `tenant`, as a PostgreSQL store does once the
 * notification of another store's write reached it (usually within a millisecond); fails after `withinMs`.
 *
 * @example
 * await a.put('acme', write, 1);
 * await untilRevision(b, 'acme', 2);
 */
export async function untilRevision(
  store: SettingsStore,
  tenant: string,
  revision: number,
  withinMs = 1000,
): Promise<void> {
  await expect
    .poll(() => store.getRevision(tenant), { timeout: withinMs, interval: 2 })
    .toBeGreaterThanOrEqual(revision);
}

/**
 * The process ids of the server's connections that listen to `schema`'s writes (their last statement was
 * the store's `LISTEN` or its check of it), lowest first.
 */
export function listeningBackends(schema: string): Promise<number[]> {
  return withTestDatabase(async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE strpos(query, $1) > 0 AND pid <> pg_backend_pid() ORDER BY pid`,
      [notificationChannel(schema)],
    );
    return rows.map((row) => row.pid);
  });
}

/** Ends a server connection as a restart of the server or an operator would; its client sees it dropped. */
export async function terminateBackend(pid: number): Promise<void> {
  await withTestDatabase((client) => client.query('SELECT pg_terminate_backend($1)', [pid]));
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
