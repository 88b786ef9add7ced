import { beforeAll } from 'vitest';
import { describeDeliveryStoreContract } from '../../test/delivery-store-contract.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName, withTestDatabase } from '../../test/postgres-fixture.js';
import { postgresStore } from './postgres-store.js';

// Fails the run, with a hint, when PostgreSQL is down: CI starts it, so a missing server is a broken setup.
beforeAll(() => withTestDatabase((client) => client.query('SELECT 1')));

describeDeliveryStoreContract('postgresStore', async () => {
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema, notifications: false }),
    cleanup: () => dropTestSchema(schema),
  };
});
