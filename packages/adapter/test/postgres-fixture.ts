/**
 * Throwaway PostgreSQL schemas for tests, one per test, so runs are isolated and can go in parallel.
 * PostgreSQL must be running (CI's `.ci/run` starts it): without it the suites fail, they never skip.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
      `PostgreSQL is not reachable at ${redacted(TEST_DATABASE_URL)}: start it (CI's .ci/run does) or set SMTP_SETTINGS_TEST_DATABASE_URL`,
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

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
