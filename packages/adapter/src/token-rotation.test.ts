import type { SettingsResponse, TestResponse } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  leakedSecrets,
  microsoftDraft,
  newSecretKey,
  STORE_KINDS,
  type TestApp,
} from '../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../test/smtp-server-fixture.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createMailer, type Mailer } from './mailer/create-mailer.js';
import type { SettingsStore } from './stores/store.js';

const FROM_EMAIL = 'notifications@contoso.com';
const KEEP = { clientSecret: { keep: true }, refreshToken: { keep: true } };

describe.each(STORE_KINDS)('a refresh token the mailer rotates, with the $kind store', ({ open }) => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let secretKey: string;
  let api: TestApp;
  let mailer: Mailer;

  beforeAll(async () => {
    // Like Microsoft, every refresh answer carries a new refresh token.
    mock = await startOAuthMock({ rotateRefreshToken: true });
    // The server accepts only the access token the identity provider issued last.
    server = await startSmtpServer({
      security: 'starttls',
      accessTokens: mock.acceptingLatest(FROM_EMAIL),
    });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  afterEach(async () => {
    await mailer.close();
    await cleanup();
  });

  /** The adapter as the host mounts it, with Test required before Save, and the host's mailer, sharing store and key. */
  async function start() {
    ({ store, cleanup } = open());
    secretKey = newSecretKey();
    const providers = {
      microsoft: {
        ...mock.microsoftOptions(),
        smtp: { host: 'localhost', port: server.port, security: 'starttls' as const },
      },
    };
    api = createTestApp({
      store,
      secretKey,
      requireTestBeforeSave: true,
      smtpTls: { ca: testCertificates().ca },
      providers,
    });
    mailer = createMailer({ store, secretKey, providers, smtpTls: { ca: testCertificates().ca } });
    const first = await testThenSave(microsoftDraft(), undefined);
    expect(first.status).toBe(200);
  }

  async function test(settings: Record<string, unknown>): Promise<TestResponse> {
    const res = await api.call('POST', '/test', { body: { settings } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
    return res.body;
  }

  function saveWith(settings: Record<string, unknown>, receipt: string, etag: string | undefined) {
    return api.call('PUT', '/settings', {
      body: { settings, receipt },
      ...(etag !== undefined && { headers: { 'If-Match': etag } }),
    });
  }

  async function testThenSave(settings: Record<string, unknown>, etag: string | undefined) {
    const { receipt } = await test(settings);
    return saveWith(settings, receipt as string, etag);
  }

  /** Sends one message through the mailer with a fresh access token, so the provider rotates the refresh token. */
  async function sendWithRotation(): Promise<string> {
    const before = mock.issued.length;
    await mailer.send({ to: 'qa-lead@example.com', subject: 'TC-42 updated', text: 'TC-42 was updated.' });
    expect(mock.issued.length).toBe(before + 1);
    return mock.issued.at(-1)?.refreshToken as string;
  }

  async function storedRefreshToken(): Promise<string> {
    const record = await store.get('default');
    const sealed = record?.settings.refreshToken as string;
    return createSecretBox(secretKey).open(sealed, { tenant: 'default', field: 'refreshToken' });
  }

  async function auditActions(): Promise<string[]> {
    const res = await api.call('GET', '/settings/audit');
    return (res.body.entries as Array<{ action: string }>).map((entry) => entry.action).reverse();
  }

  it('lets the admin save the version they loaded after a send rotated the token: load, send, edit, Test, Save', async () => {
    await start();
    const loaded = await api.call('GET', '/settings');
    const etag = loaded.headers.get('ETag') as string;
    expect((loaded.body as SettingsResponse).version).toBe(1);

    const rotated = await sendWithRotation();
    expect(server.messages.at(-1)?.raw).toMatch(/^From: Contoso <notifications@contoso\.com>$/m);
    expect(await storedRefreshToken()).toBe(rotated);
    const reread = await api.call('GET', '/settings');

    const edited = microsoftDraft({ fromName: 'Contoso Alerts', ...KEEP });
    const saved = await testThenSave(edited, etag);
    // The Test logged in with the kept refresh token, which is the rotated one.
    expect(mock.requests.at(-1)?.refreshToken).toBe(rotated);
    expect(saved.status).toBe(200);
    // The rotation showed at once, under the version the admin edits.
    expect(reread.headers.get('ETag')).toBe(etag);
    expect((reread.body as SettingsResponse).tokenHealth?.lastRefreshedAt).toEqual(expect.any(String));
    expect(saved.body).toMatchObject({ version: 2, settings: { fromName: 'Contoso Alerts' } });
    expect(saved.headers.get('ETag')).toBe('"2"');
    expect(await storedRefreshToken()).toBe(rotated);
    expect(await auditActions()).toEqual(['test', 'save', 'rotation', 'test', 'save']);

    await mailer.send({ to: 'qa-lead@example.com', subject: 'TC-43 updated', text: 'TC-43 was updated.' });
    expect(server.messages.at(-1)?.raw).toMatch(/^From: Contoso Alerts <notifications@contoso\.com>$/m);
    expect(leakedSecrets()).toEqual([]);
  });

  it('keeps a passing Test valid for Save when a send rotates the token in between', async () => {
    await start();
    const loaded = await api.call('GET', '/settings');
    const etag = loaded.headers.get('ETag') as string;
    const edited = microsoftDraft({ fromName: 'Contoso Alerts', ...KEEP });
    const { receipt } = await test(edited);

    const rotated = await sendWithRotation();
    const saved = await saveWith(edited, receipt as string, etag);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, settings: { fromName: 'Contoso Alerts' } });
    expect(await storedRefreshToken()).toBe(rotated);
    expect(await auditActions()).toEqual(['test', 'save', 'test', 'rotation', 'save']);
  });

  it('still refuses the receipt of a Test that kept a token another admin replaced since', async () => {
    await start();
    const edited = microsoftDraft({ fromName: 'Contoso Alerts', ...KEEP });
    const { receipt } = await test(edited);
    const replaced = await testThenSave(microsoftDraft({ refreshToken: 'another-Refresh-token' }), '"1"');
    expect(replaced.status).toBe(200);

    const res = await saveWith(edited, receipt as string, '"2"');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_TESTED');
  });
});
