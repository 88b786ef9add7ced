import type { TestResponse } from '@smtp-settings/schema';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basicDraft,
  capturingLogger,
  MOUNT,
  newSecretKey,
  ORIGIN,
  PUBLIC_URL,
  SECRETS,
} from '../../test/app-fixture.js';
import { watchSecureContexts } from '../../test/secure-contexts.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createSmtpSettings } from '../create-smtp-settings.js';
import { createMailer } from '../mailer/create-mailer.js';
import { memoryStore } from '../stores/memory-store.js';
import { configOf, createSmtpConfig } from './smtp-config.js';

const USER = 'mailer@example.com';

describe('createSmtpConfig', () => {
  let server: SmtpServerFixture;
  beforeAll(async () => {
    server = await startSmtpServer({ security: 'starttls', users: { [USER]: SECRETS.password } });
  });
  afterAll(() => server?.close());

  it('serves the routes and the mailer from one configuration: the Test, the save and the mail share its trust, parsed once', async () => {
    // The server's certificate comes from a private CA that only `smtpTls` makes trusted, for both.
    const config = createSmtpConfig({
      store: memoryStore(),
      secretKey: newSecretKey(),
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
    });
    const host = new Hono().route(
      MOUNT,
      createSmtpSettings({ config, publicUrl: PUBLIC_URL, authorize: () => true }),
    );
    const call = async (method: string, path: string, body: unknown) =>
      host.request(`${MOUNT}${path}`, {
        method,
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const built = watchSecureContexts();
    try {
      const settings = basicDraft({ host: '127.0.0.1', port: server.port, username: USER });
      const tested = (await (await call('POST', '/test', { settings })).json()) as TestResponse;
      expect(tested.ok).toBe(true);
      expect((await call('PUT', '/settings', { settings, receipt: tested.receipt })).status).toBe(200);

      const mailer = createMailer({ config });
      try {
        await mailer.send({ to: 'admin@example.org', subject: 'TC-42', text: 'Step 3 changed.' });
      } finally {
        await mailer.close();
      }
      expect(server.messages.at(-1)).toMatchObject({ to: ['admin@example.org'], user: USER });
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  it('gives a mailer made from inline options the same trust as the routes: smtpTls adds the private CA', async () => {
    const store = memoryStore();
    const secretKey = newSecretKey();
    const settings = basicDraft({ host: '127.0.0.1', port: server.port, username: USER });
    const app = createSmtpSettings({
      store,
      secretKey,
      smtpTls: { ca: testCertificates().ca },
      publicUrl: PUBLIC_URL,
      authorize: () => true,
      requireTestBeforeSave: false,
      logger: capturingLogger,
    });
    const saved = await app.request('/settings', {
      method: 'PUT',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ settings }),
    });
    expect(saved.status).toBe(200);
    const mailer = createMailer({ store, secretKey, smtpTls: { ca: testCertificates().ca } });
    try {
      await expect(mailer.verify()).resolves.toBeUndefined();
    } finally {
      await mailer.close();
    }
    // Without it the same mailer does not trust the server, as the routes would not.
    const untrusting = createMailer({ store, secretKey, logger: capturingLogger });
    try {
      await expect(untrusting.verify()).rejects.toMatchObject({ code: 'TLS_CERT_INVALID' });
    } finally {
      await untrusting.close();
    }
  });

  it('refuses options given both in `config` and inline, naming them', () => {
    const config = createSmtpConfig({ store: memoryStore(), secretKey: newSecretKey() });
    expect(() => configOf({ config, secretKey: newSecretKey(), logger: capturingLogger })).toThrow(
      'smtp-settings: pass `secretKey`, `logger` in `config` (createSmtpConfig) or directly, not both',
    );
    expect(() =>
      createMailer({ config, store: memoryStore() } as unknown as Parameters<typeof createMailer>[0]),
    ).toThrow(/`store` in `config`/);
    expect(configOf({ config })).toBe(config);
  });

  it('refuses a missing store or secret key at startup', () => {
    expect(() => createSmtpConfig({} as never)).toThrow('smtp-settings: `store` is required');
    expect(() => createSmtpConfig({ store: memoryStore(), secretKey: 'short' })).toThrow(/secretKey|32/);
  });
});
