import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../test/app-fixture.js';
import { watchSecureContexts } from '../../test/secure-contexts.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { memoryStore } from '../stores/memory-store.js';
import { createMailer } from './create-mailer.js';

describe('createMailer with tls: { ca }', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls' });
  });
  afterAll(() => server.close());

  it('parses the certificates once, not for each connection of its pool', async () => {
    const store = memoryStore();
    await store.put(
      'default',
      {
        settings: { authType: 'basic', host: '127.0.0.1', port: server.port, security: 'starttls' },
        updatedAt: new Date().toISOString(),
        updatedBy: 'admin',
        changedFields: ['host'],
      },
      0,
    );
    const mailer = createMailer({ store, secretKey: newSecretKey(), tls: { ca: testCertificates().ca } });
    const built = watchSecureContexts();
    try {
      await mailer.verify();
      await mailer.verify();
      const message = { to: 'qa-lead@example.com', subject: 'TC-42', text: 'Step 3 changed.' };
      await Promise.all([mailer.send(message), mailer.send(message), mailer.send(message)]);
      expect(server.messages).toHaveLength(3);
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
      await mailer.close();
      await store.close();
    }
  });
});
