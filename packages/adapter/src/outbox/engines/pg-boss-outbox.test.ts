import { runOutboxContract } from '../../../test/outbox-contract.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import { memoryStore } from '../../stores/memory-store.js';
import { pgBossEngine } from './pg-boss-engine.js';

runOutboxContract('pg-boss with memoryStore', async () => {
  const schema = testSchemaName();
  return {
    store: memoryStore(),
    engine: () => pgBossEngine({ connectionString: TEST_DATABASE_URL, schema, pollMs: 500 }),
    cleanup: () => dropTestSchema(schema),
  };
});
