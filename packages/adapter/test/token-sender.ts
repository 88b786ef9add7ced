/**
 * A host that sends mail for one OAuth tenant in a process of its own, for the tests of access tokens
 * shared between processes. Reads its configuration from `TOKEN_SENDER` (JSON, see {@link SenderConfig})
 * and the secret key from `TOKEN_SENDER_SECRET_KEY`; once it reads a line on standard input (so a test
 * can start it ahead and release several at once) it sends `count` messages one after another through
 * one mailer, prints `sent <count>` and exits. It prints `ready` once it waits for that line.
 *
 * @module
 */
import { once } from 'node:events';
import { createSmtpConfig } from '../src/config/smtp-config.js';
import { createMailer } from '../src/mailer/create-mailer.js';
import type { ProvidersOptions } from '../src/providers/resolve-providers.js';
import { postgresStore } from '../src/stores/postgres-store.js';
import { sqliteStore } from '../src/stores/sqlite-store.js';

/** What `TOKEN_SENDER` holds. */
export interface SenderConfig {
  /** The store every process shares. */
  store:
    | { kind: 'sqlite'; filename: string }
    | { kind: 'postgres'; connectionString: string; schema: string };
  /** The providers, pointing at the test's identity and SMTP servers. */
  providers: ProvidersOptions;
  /** The test CA, in PEM. */
  ca: string;
  /** How many messages to send. */
  count: number;
}

const config = JSON.parse(process.env.TOKEN_SENDER ?? '{}') as SenderConfig;
const store =
  config.store.kind === 'sqlite'
    ? sqliteStore({ filename: config.store.filename })
    : postgresStore({ connectionString: config.store.connectionString, schema: config.store.schema });
const mailer = createMailer({
  config: createSmtpConfig({
    store,
    secretKey: process.env.TOKEN_SENDER_SECRET_KEY ?? '',
    providers: config.providers,
    smtpTls: { ca: config.ca },
  }),
});
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let n = 1; n <= config.count; n++) {
  await mailer.send({
    to: 'qa-lead@example.com',
    subject: `TC-${n} updated`,
    text: `Test case TC-${n} changed.`,
  });
}
await mailer.close();
await store.close();
process.stdout.write(`sent ${config.count}\n`);
process.exit(0);
