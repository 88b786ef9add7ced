import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, newSecretKey } from '../../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { memoryStore } from '../stores/memory-store.js';
import { createMailer } from './create-mailer.js';
import type { MailerHealth } from './mailer-health.js';

const USER = 'mailer@example.com';
const PASSWORD = 'health-Pa55word';

describe('mailer health', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD } });
  });
  afterAll(() => server.close());

  it('tells the host once when sending starts failing and once when it works again', async () => {
    const secretKey = newSecretKey();
    const secrets = createSecretBox(secretKey);
    const store = memoryStore();
    let version = 0;
    const save = async (password: string) => {
      const saved = await store.put(
        'default',
        {
          settings: {
            authType: 'basic',
            host: 'localhost',
            port: server.port,
            security: 'starttls',
            username: USER,
            password: secrets.seal(password, { tenant: 'default', field: 'password' }),
            fromEmail: 'notifications@example.com',
          },
          updatedAt: new Date().toISOString(),
          updatedBy: 'test',
          changedFields: ['password'],
        },
        version,
      );
      version = saved.version;
    };
    const changes: MailerHealth[] = [];
    const mailer = createMailer({
      store,
      secretKey,
      tls: { ca: testCertificates().ca },
      logger: capturingLogger,
      retry: { attempts: 1, baseDelayMs: 1 },
      onHealthChange: (health) => changes.push(health),
    });
    const send = () =>
      mailer.send({ to: 'ops@example.com', subject: 'Test case TC-42 was updated', text: 'x' });
    try {
      await save(PASSWORD);
      await send();
      await send();
      expect(changes.map((health) => health.ok)).toEqual([true]);

      await save('a-wrong-password');
      await expect(send()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      await expect(send()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      expect(changes.map((health) => health.ok)).toEqual([true, false]);
      expect(changes[1]?.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });

      const checked = await mailer.checkHealth();
      expect(checked).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' }, tokenHealth: null });
      expect(changes).toHaveLength(2);

      await save(PASSWORD);
      expect(await mailer.checkHealth()).toMatchObject({ ok: true });
      expect(changes.map((health) => health.ok)).toEqual([true, false, true]);
      expect(JSON.stringify(changes)).not.toContain(PASSWORD);
    } finally {
      await mailer.close();
    }
  });
});
