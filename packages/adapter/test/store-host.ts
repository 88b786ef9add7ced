/**
 * A host application in a process of its own, for tests of what importing and using the adapter loads:
 * on the store its JSON argument names, it mounts the settings routes, saves Basic settings for the SMTP
 * server on `smtpPort` (PLAIN login over a plain connection), reads them back, sends one message with a
 * mailer, and prints what happened as JSON. Run it with `runWatchingPackages` of `loaded-modules.ts`.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  createMailer,
  createSmtpSettings,
  postgresStore,
  type SettingsStore,
  sqliteStore,
} from '../src/index.js';

/** Which store the host keeps its settings in, and where. */
export type StoreHostStore =
  | { kind: 'postgres'; connectionString: string; schema: string }
  | { kind: 'sqlite'; filename: string };

/** The JSON argument: the store, and the port and password of the SMTP server to send through. */
export interface StoreHostArgument {
  store: StoreHostStore;
  smtpPort: number;
  password: string;
}

const argument = JSON.parse(process.argv[2] ?? '{}') as StoreHostArgument;
const store: SettingsStore =
  argument.store.kind === 'postgres'
    ? postgresStore({ connectionString: argument.store.connectionString, schema: argument.store.schema })
    : sqliteStore({ filename: argument.store.filename });
const secretKey = randomBytes(32).toString('base64');
const api = createSmtpSettings({
  store,
  secretKey,
  publicUrl: 'https://app.example.test/api/smtp',
  authorize: () => true,
  requireTestBeforeSave: false,
});
const mailer = createMailer({ store, secretKey });
try {
  const settings = {
    authType: 'basic',
    host: '127.0.0.1',
    port: argument.smtpPort,
    security: 'none',
    username: 'mailer@example.com',
    password: argument.password,
    fromEmail: 'notifications@example.com',
  };
  const saved = await api.request('/settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings }),
  });
  const read = await api.request('/settings');
  const sent = await mailer.send({
    to: 'qa-lead@example.com',
    subject: 'Test case TC-42 was updated',
    text: 'x',
  });
  const { version, settings: stored } = (await read.json()) as {
    version: number;
    settings: { host: string };
  };
  console.log(
    JSON.stringify({ saved: saved.status, read: { version, host: stored.host }, accepted: sent.accepted }),
  );
} finally {
  await mailer.close();
  await store.close();
}
