import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import { watchSecureContexts } from '../../test/secure-contexts.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createTlsTrust } from '../smtp/tls-trust.js';
import { memoryStore } from '../stores/memory-store.js';
import { createMailer } from './create-mailer.js';

describe('createMailer with tls options', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls' });
  });
  afterAll(() => server.close());

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
    ['a `ca` list', { ca: testCertificates().ca }],
    ['the trust of createTlsTrust', { secureContext: createTlsTrust(testCertificates().ca) }],
  ])('parses the certificates of %s once, not for each connection of its pool', async (_name, tls) => {
    const store = await savedStore();
    const mailer = createMailer({ store, secretKey: newSecretKey(), tls });
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
