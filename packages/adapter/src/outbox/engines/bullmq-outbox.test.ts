import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { runOutboxContract } from '../../../test/outbox-contract.js';
import { memoryStore } from '../../stores/memory-store.js';
import { bullmqEngine } from './bullmq-engine.js';

const REDIS = { host: '127.0.0.1', port: 6379 };
const admin = new Redis(REDIS);
afterAll(() => admin.quit());

runOutboxContract('BullMQ with memoryStore', async () => {
  const prefix = `smtp-settings-test-${randomUUID()}`;
  return {
    store: memoryStore(),
    engine: () => bullmqEngine({ connection: REDIS, prefix }),
    cleanup: async () => {
      for await (const keys of admin.scanStream({ match: `${prefix}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await admin.del(...(keys as string[]));
      }
    },
  };
});
