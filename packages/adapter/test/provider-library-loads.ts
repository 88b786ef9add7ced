/**
 * Run by `runWatchingPackages` of `loaded-modules.ts`: imports the
 * adapter's entry, then — each against servers on loopback — Tests, saves and sends with Basic settings,
 * does the same with Google OAuth settings, and Tests Microsoft OAuth settings. Prints, as JSON, which
 * provider libraries were loaded after each step and whether each step did what it should.
 *
 * @module
 */
import type { TestResponse } from '@smtp-settings/schema';
import {
  createMailer,
  createSmtpSettings,
  type Logger,
  memoryStore,
  type ProvidersOptions,
} from '../src/index.js';
import { loadedPackagesSoFar } from './loaded-modules.js';
import { startOAuthMock } from './oauth-mock-fixture.js';
import { startSmtpServer, testCertificates } from './smtp-server-fixture.js';

const LIBRARIES = ['@azure/msal-node', 'google-auth-library'];
const libraries = () => LIBRARIES.filter((name) => loadedPackagesSoFar().has(name));

const steps: Record<string, { libraries: string[]; ok: boolean }> = {};
steps.imported = { libraries: libraries(), ok: true };

const USER = 'mailer@example.com';
const MAILBOX = 'notifications@example.com';
const secretKey = Buffer.alloc(32, 7).toString('base64');
const { ca } = testCertificates();
const mock = await startOAuthMock();
const server = await startSmtpServer({
  security: 'starttls',
  users: { [USER]: 'pa55-Word' },
  accessTokens: mock.acceptingLatest(MAILBOX),
});
const smtp = { host: 'localhost', port: server.port, security: 'starttls' as const };
// Standard output carries the answer; the adapter's lines go to standard error.
const logger: Logger = {
  error: (message, details) => console.error(message, details),
  warn: (message, details) => console.error(message, details),
  info: (message, details) => console.error(message, details),
};
const providers: ProvidersOptions = {
  google: { ...mock.googleOptions(), smtp },
  microsoft: { ...mock.microsoftOptions(), smtp },
};

/** Tests `settings` with a fresh adapter and store, saves them with the receipt, and sends one message with a mailer. */
async function testSaveAndSend(settings: Record<string, unknown>): Promise<boolean> {
  const store = memoryStore();
  const app = createSmtpSettings({
    store,
    secretKey,
    publicUrl: 'https://app.example.test/api/smtp',
    authorize: () => true,
    smtpTls: { ca },
    providers,
    logger,
  });
  const call = (method: string, path: string, body: unknown) =>
    app.request(path, {
      method,
      headers: { Origin: 'https://app.example.test', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const tested = (await (await call('POST', '/test', { settings })).json()) as TestResponse;
  const saved = await call('PUT', '/settings', { settings, receipt: tested.receipt });
  const mailer = createMailer({ store, secretKey, providers, smtpTls: { ca }, logger });
  try {
    const sent = await mailer.send({ to: 'qa-lead@example.com', subject: 'Hello', text: 'Hello.' });
    return tested.ok && saved.ok && sent.accepted.length === 1;
  } finally {
    await mailer.close();
  }
}

try {
  const basic = {
    authType: 'basic',
    host: 'localhost',
    port: server.port,
    security: 'starttls',
    username: USER,
    password: 'pa55-Word',
    fromEmail: MAILBOX,
  };
  steps.basic = { ok: await testSaveAndSend(basic), libraries: libraries() };

  const google = {
    authType: 'oauth',
    provider: 'google',
    clientId: '123456789012-abc123def456.apps.googleusercontent.com',
    clientSecret: 'client-secret',
    refreshToken: 'refresh-token',
    fromEmail: MAILBOX,
  };
  steps.google = { ok: await testSaveAndSend(google), libraries: libraries() };

  const microsoft = {
    ...google,
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    tenantId: 'contoso.onmicrosoft.com',
  };
  steps.microsoft = { ok: await testSaveAndSend(microsoft), libraries: libraries() };
} finally {
  await server.close();
  await mock.stop();
}
process.stdout.write(JSON.stringify(steps));
