import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import { watchSecureContexts } from '../../test/secure-contexts.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer } from './create-mailer.js';

describe('createMailer with smtpTls', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls' });
  });
  afterAll(() => server.close());
  // The private CA of the test server, added to what the process trusts.
  const smtpTls = { ca: testCertificates().ca };

  /** A store holding settings for the test server, without a login. */
  async function savedStore() {
    const store = memoryStore();
    await store.put(
      'default',
      {
        settings: {
          authType: 'basic',
          host: '127.0.0.1',
          port: server.port,
          security: 'starttls',
          fromEmail: 'notifications@example.com',
        },
        updatedAt: new Date().toISOString(),
        updatedBy: 'admin',
        changedFields: ['host'],
      },
      0,
    );
    return store;
  }

  it.each([
    ['inline options', (store: SettingsStore) => ({ store, secretKey: newSecretKey(), smtpTls })],
    [
      'a shared configuration',
      (store: SettingsStore) => ({ config: createSmtpConfig({ store, secretKey: newSecretKey(), smtpTls }) }),
    ],
  ])('parses the certificates of %s once, not for each connection of its pool', async (_name, optionsOf) => {
    const store = await savedStore();
    const mailer = createMailer(optionsOf(store));
    const before = server.messages.length;
    const built = watchSecureContexts();
    try {
      await mailer.verify();
      await mailer.verify();
      const message = { to: 'qa-lead@example.com', subject: 'TC-42', text: 'Step 3 changed.' };
      await Promise.all([mailer.send(message), mailer.send(message), mailer.send(message)]);
      expect(server.messages.length - before).toBe(3);
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
      await mailer.close();
      await store.close();
    }
  });
});
