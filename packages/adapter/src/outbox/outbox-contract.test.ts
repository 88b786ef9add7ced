import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOutboxContract } from '../../test/outbox-contract.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../test/postgres-fixture.js';
import { memoryStore } from '../stores/memory-store.js';
import { postgresStore } from '../stores/postgres-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';

runOutboxContract('the embedded engine with memoryStore', async () => ({ store: memoryStore() }));

runOutboxContract('the embedded engine with sqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-outbox-contract-'));
  return {
    store: sqliteStore({ filename: join(dir, 'settings.db') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

runOutboxContract('the embedded engine with postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema }),
    cleanup: () => dropTestSchema(schema),
  };
});
