import { describe, expect, it } from 'vitest';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from '../../../test/postgres-fixture.js';
import { runQueueEngineContract } from '../../../test/queue-engine-contract.js';
import { pgBossEngine } from './pg-boss-engine.js';
import { QueueEngineError } from './queue-engine-error.js';

runQueueEngineContract('pg-boss', async () => {
  const schema = testSchemaName();
  return {
    instance: () => pgBossEngine({ connectionString: TEST_DATABASE_URL, schema, pollMs: 500 }),
    cleanup: () => dropTestSchema(schema),
  };
});

describe('pgBossEngine', () => {
  it('fails to start within its timeout, naming the code, when PostgreSQL is not there', async () => {
    const engine = pgBossEngine({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      schema: testSchemaName(),
      startTimeoutMs: 3_000,
    });
    const began = Date.now();
    const error = await engine.start({ serve: async () => undefined, tasks: [] }, { concurrency: 1 }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(QueueEngineError);
    expect((error as QueueEngineError).code).toMatch(/^(ECONNREFUSED|ETIMEDOUT)$/u);
    expect((error as Error).message).toMatch(/^smtp-settings: pg-boss could not start on PostgreSQL: /u);
    expect(Date.now() - began).toBeLessThan(6_000);
  });

  it('refuses a queue name pg-boss would not take, and a missing connection string', () => {
    expect(() => pgBossEngine({ connectionString: TEST_DATABASE_URL, queue: 'a b' })).toThrow(/`queue`/u);
    expect(() => pgBossEngine({ connectionString: '' })).toThrow(/`connectionString`/u);
  });
});
