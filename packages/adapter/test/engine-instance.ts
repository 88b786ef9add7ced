/**
 * One instance of a host that scales out: an outbox on a shared store and a queue engine, in a process
 * of its own, for the tests that run several and kill some. It starts once it reads a line on standard
 * input, prints `started`, and runs until killed, or stops (draining its sends) and exits on SIGTERM.
 * Arguments: store (`sqlite:<file>` or `postgres:<schema>`), engine (`pg-boss:<schema>` or
 * `bullmq:<prefix>`), the test CA's file, leaseMs, and a rate as `<messages>/<perMs>` or `-`.
 *
 * @module
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createSmtpConfig } from '../src/config/smtp-config.js';
import { createOutbox } from '../src/outbox/create-outbox.js';
import { bullmqEngine } from '../src/outbox/engines/bullmq-engine.js';
import { pgBossEngine } from '../src/outbox/engines/pg-boss-engine.js';
import { postgresStore } from '../src/stores/postgres-store.js';
import { sqliteStore } from '../src/stores/sqlite-store.js';
import { TEST_DATABASE_URL } from './postgres-fixture.js';

const [storeSpec = '', engineSpec = '', caFile = '', leaseMs = '60000', rateSpec = '-'] =
  process.argv.slice(2);
await once(process.stdin, 'data');
const [storeKind, storeWhere = ''] = storeSpec.split(/:(.*)/su);
const store =
  storeKind === 'postgres'
    ? postgresStore({ connectionString: TEST_DATABASE_URL, schema: storeWhere })
    : sqliteStore({ filename: storeWhere });
const [engineKind, engineWhere = ''] = engineSpec.split(/:(.*)/su);
const engine =
  engineKind === 'pg-boss'
    ? pgBossEngine({ connectionString: TEST_DATABASE_URL, schema: engineWhere, pollMs: 500 })
    : bullmqEngine({ connection: { host: '127.0.0.1', port: 6379 }, prefix: engineWhere });
const [messages, perMs] = rateSpec === '-' ? [] : rateSpec.split('/').map(Number);
const config = createSmtpConfig({
  store,
  secretKey: process.env.OUTBOX_SECRET_KEY ?? '',
  smtpTls: { ca: readFileSync(caFile, 'utf8') },
});
const outbox = createOutbox({
  config,
  engine,
  leaseMs: Number(leaseMs),
  pollMs: 200,
  maintenanceMs: 1_000,
  ...(messages !== undefined && perMs !== undefined && { rate: () => ({ messages, perMs }) }),
});
const stop = async () => {
  await outbox.stop();
  await (store as { close?: () => Promise<void> }).close?.();
  process.exit(0);
};
process.once('SIGTERM', stop);
await outbox.start();
process.stdout.write('started\n');
