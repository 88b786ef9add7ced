import { runOutboxContract } from '../../../test/outbox-contract.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import { memoryStore } from '../../stores/memory-store.js';
import { postgresStore } from '../../stores/postgres-store.js';
import { pgBossEngine } from './pg-boss-engine.js';

runOutboxContract('pg-boss with memoryStore', async () => {
  const schema = testSchemaName();
  return {
    store: memoryStore(),
    engine: () => pgBossEngine({ connectionString: TEST_DATABASE_URL, schema, pollMs: 500 }),
    cleanup: () => dropTestSchema(schema),
  };
});

// The deployment that scales out: the log, the holds and the turns in PostgreSQL, the queue in pg-boss.
runOutboxContract('pg-boss with postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema }),
    engine: () =>
      pgBossEngine({ connectionString: TEST_DATABASE_URL, schema: `${schema}_boss`, pollMs: 500 }),
    cleanup: async () => {
      await dropTestSchema(schema);
      await dropTestSchema(`${schema}_boss`);
    },
  };
});
