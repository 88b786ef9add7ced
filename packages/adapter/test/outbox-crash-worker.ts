/**
 * An outbox worker in a process of its own, for the test that kills it mid-send: once it reads a line on
 * standard input (so a test can load it ahead and start it at the right time) it runs `createOutbox` and
 * `start()` on the SQLite database `filename`, trusting the test CA in the file `caFile`, with the secret
 * key of `OUTBOX_SECRET_KEY`, until it is killed, or stops it (draining the sends in flight) and exits on
 * SIGTERM or when its standard input ends. Arguments: filename, caFile, leaseMs, concurrency.
 *
 * @module
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createSmtpConfig } from '../src/config/smtp-config.js';
import { createOutbox } from '../src/outbox/create-outbox.js';
import { sqliteStore } from '../src/stores/sqlite-store.js';

const [filename = '', caFile = '', leaseMs = '60000', concurrency = '10'] = process.argv.slice(2);
await once(process.stdin, 'data');
const store = sqliteStore({ filename });
const config = createSmtpConfig({
  store,
  secretKey: process.env.OUTBOX_SECRET_KEY ?? '',
  smtpTls: { ca: readFileSync(caFile, 'utf8') },
});
// A short poll, so a message whose lease ran out is seen soon after.
const outbox = createOutbox({
  config,
  leaseMs: Number(leaseMs),
  concurrency: Number(concurrency),
  pollMs: 200,
});
const stop = async () => {
  await outbox.stop();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop);
await outbox.start();
