import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { runOutboxContract } from '../../../test/outbox-contract.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import { memoryStore } from '../../stores/memory-store.js';
import { postgresStore } from '../../stores/postgres-store.js';
import { bullmqEngine } from './bullmq-engine.js';

const REDIS = { host: '127.0.0.1', port: 6379 };
const admin = new Redis(REDIS);
afterAll(() => admin.quit());

/** Deletes every key under `prefix`. */
async function dropPrefix(prefix: string): Promise<void> {
  for await (const keys of admin.scanStream({ match: `${prefix}:*`, count: 500 })) {
    if ((keys as string[]).length > 0) await admin.del(...(keys as string[]));
  }
}

runOutboxContract('BullMQ with memoryStore', async () => {
  const prefix = `smtp-settings-test-${randomUUID()}`;
  return {
    store: memoryStore(),
    engine: () => bullmqEngine({ connection: REDIS, prefix }),
    cleanup: () => dropPrefix(prefix),
  };
});

// Scaled out: the log, the holds and the turns in PostgreSQL, the queue in Redis.
runOutboxContract('BullMQ with postgresStore', async () => {
  const prefix = `smtp-settings-test-${randomUUID()}`;
  const schema = testSchemaName();
  return {
    store: postgresStore({ connectionString: TEST_DATABASE_URL, schema }),
    engine: () => bullmqEngine({ connection: REDIS, prefix }),
    cleanup: async () => {
      await dropPrefix(prefix);
      await dropTestSchema(schema);
    },
  };
});
