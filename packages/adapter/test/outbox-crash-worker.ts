/**
 * An outbox worker in a process of its own, for the test that kills it mid-send: it runs `createOutbox`
 * and `start()` on the SQLite database `filename`, trusting the test CA in the file `caFile`, with the
 * secret key of `OUTBOX_SECRET_KEY`, until it is killed (SIGKILL) or asked to stop (SIGTERM: it drains
 * and exits). Arguments: filename, caFile, leaseMs, concurrency.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createSmtpConfig } from '../src/config/smtp-config.js';
import { createOutbox } from '../src/outbox/create-outbox.js';
import { sqliteStore } from '../src/stores/sqlite-store.js';

const [filename = '', caFile = '', leaseMs = '60000', concurrency = '10'] = process.argv.slice(2);
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
process.once('SIGTERM', async () => {
  await outbox.stop();
  await store.close();
  process.exit(0);
});
await outbox.start();
// The worker's timers are unref'd: this keeps the process up until it is killed or stopped.
setInterval(() => undefined, 60_000);
