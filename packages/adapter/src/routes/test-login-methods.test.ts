import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicDraft, createTestApp, newSecretKey, SECRETS } from '../../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createMailer } from '../mailer/create-mailer.js';
import { memoryStore } from '../stores/memory-store.js';

const USER = 'mailer@example.com';

describe('Test, Save and send with a login method other than PLAIN or LOGIN', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'starttls',
      users: { [USER]: SECRETS.password },
      authMethods: ['CRAM-MD5'],
    });
  });
  afterAll(() => server?.close());

  it('passes the Test against a server that offers only CRAM-MD5, saves with the receipt, and sends', async () => {
    const store = memoryStore();
    const secretKey = newSecretKey();
    const ca = testCertificates().ca;
    const api = createTestApp({ store, secretKey, requireTestBeforeSave: true, smtpTls: { ca } });
    const settings = basicDraft({ host: '127.0.0.1', port: server.port, username: USER });

    const tested = (await api.call('POST', '/test', { body: { settings } })).body as TestResponse;
    expect(tested.ok).toBe(true);
    expect(tested.stages.find((stage) => stage.name === 'auth')?.detail).toBe(
      `Logged in as ${USER} with CRAM-MD5`,
    );
    const saved = await api.call('PUT', '/settings', { body: { settings, receipt: tested.receipt } });
    expect(saved.status).toBe(200);

    const mailer = createMailer({ store, secretKey, smtpTls: { ca } });
    try {
      await mailer.send({ to: 'admin@example.org', subject: 'It works', text: 'Sent with CRAM-MD5.' });
    } finally {
      await mailer.close();
    }
    expect(server.logins).toEqual([
      { method: 'CRAM-MD5', user: USER, accepted: true },
      { method: 'CRAM-MD5', user: USER, accepted: true },
    ]);
    expect(server.messages.at(-1)).toMatchObject({ to: ['admin@example.org'], user: USER });
  });
});
