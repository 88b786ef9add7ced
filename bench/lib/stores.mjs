/** The stores the benchmarks measure, each opened fresh and removed afterwards. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore, postgresStore, sqliteStore } from '@smtp-settings/adapter';

/** The PostgreSQL database the benchmarks use; each run makes a throwaway schema in it. */
export const DATABASE_URL =
  process.env.SMTP_SETTINGS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Opens a fresh store of the kind `name` (memory, sqlite: a file in a new directory, postgres: a new
 * `bench_*` schema, named by `schema`), with `dispose()` closing it and removing what it created.
 */
export function openStore(name) {
  if (name === 'memory') {
    const store = memoryStore();
    return { store, dispose: () => store.close() };
  }
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const store = sqliteStore({ filename: join(dir, 'smtp-settings.db') });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (name !== 'postgres') throw new Error(`No store named ${name}: memory, sqlite or postgres`);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = postgresStore({ connectionString: DATABASE_URL, schema });
  return {
    store,
    schema,
    async dispose() {
      await store.close();
      // Loaded here, so the benches that never use PostgreSQL do not load its client.
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
