import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, newSecretKey } from '../../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer } from './create-mailer.js';
import type { MailerHealth } from './mailer-health.js';
import { MailerNotConfiguredError } from './mailer-not-configured-error.js';

const USER = 'mailer@example.com';
const PASSWORD = 'health-Pa55word';

describe('mailer health', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD } });
  });
  afterAll(() => server.close());

  /** A memory store with `save(password)` writing Basic settings for the test server as the next version. */
  function basicStore(secretKey: string) {
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
    return { store, save };
  }

  /** A mailer on `store` that records every `onHealthChange` call in `changes`. */
  function watchedMailer(store: SettingsStore, secretKey: string) {
    const changes: MailerHealth[] = [];
    const mailer = createMailer({
      store,
      secretKey,
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
      retry: { attempts: 1, baseDelayMs: 1 },
      onHealthChange: (health) => changes.push(health),
    });
    const send = () =>
      mailer.send({ to: 'ops@example.com', subject: 'Test case TC-42 was updated', text: 'x' });
    return { mailer, changes, send };
  }

  it('tells the host once when sending starts failing and once when it works again', async () => {
    const secretKey = newSecretKey();
    const { store, save } = basicStore(secretKey);
    const { mailer, changes, send } = watchedMailer(store, secretKey);
    try {
      await save(PASSWORD);
      await send();
      await send();
      // A new mailer is presumed to work: its first success is no change.
      expect(changes).toEqual([]);

      await save('a-wrong-password');
      await expect(send()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      await expect(send()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      expect(changes.map((health) => health.ok)).toEqual([false]);
      expect(changes[0]?.error).toMatchObject({ code: 'AUTH_FAILED', stage: 'auth' });

      const checked = await mailer.checkHealth();
      expect(checked).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' }, tokenHealth: null });
      expect(changes).toHaveLength(1);

      await save(PASSWORD);
      expect(await mailer.checkHealth()).toMatchObject({ ok: true });
      expect(changes.map((health) => health.ok)).toEqual([false, true]);
      expect(JSON.stringify(changes)).not.toContain(PASSWORD);
    } finally {
      await mailer.close();
    }
  });

  it('reports NOT_CONFIGURED without throwing while nothing is saved, and tells the host once', async () => {
    const secretKey = newSecretKey();
    const { store, save } = basicStore(secretKey);
    const { mailer, changes, send } = watchedMailer(store, secretKey);
    try {
      const notConfigured = {
        ok: false,
        checkedAt: expect.any(String),
        error: {
          code: 'NOT_CONFIGURED',
          message:
            'No SMTP settings are saved for tenant "default": an administrator has to set up outgoing mail first.',
          messageKey: 'failure.notConfigured',
          hint: 'Open the mail settings, enter the outgoing mail server, test it and save.',
          hintKey: 'hint.notConfigured',
          params: { tenant: 'default' },
        },
        tokenHealth: null,
      };
      expect(await mailer.checkHealth()).toEqual(notConfigured);
      expect(await mailer.checkHealth()).toEqual(notConfigured);
      await expect(send()).rejects.toBeInstanceOf(MailerNotConfiguredError);
      expect(changes).toEqual([notConfigured]);

      await save(PASSWORD);
      await send();
      expect(changes.map((health) => health.ok)).toEqual([false, true]);
    } finally {
      await mailer.close();
    }
  });

  it('tells the host when the first send after startup fails', async () => {
    const secretKey = newSecretKey();
    const { store, save } = basicStore(secretKey);
    const { mailer, changes, send } = watchedMailer(store, secretKey);
    try {
      await save('a-wrong-password');
      await expect(send()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      expect(changes).toMatchObject([{ ok: false, error: { code: 'AUTH_FAILED' } }]);
    } finally {
      await mailer.close();
    }
  });
});
