import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  createTestApp,
  leakedSecrets,
  microsoftDraft,
  newSecretKey,
  SECRETS,
  type TestApp,
} from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';

const USER = 'mailer@example.com';
const PASSWORD_REFUSED = 'Enter the password again: the server changed';
const APP_CHANGED = {
  clientSecret: 'Enter the client secret again: the app registration changed',
  refreshToken: 'Get a new refresh token: the app registration changed',
};

/** Saves `settings` as the form does: a passing test, then PUT with its receipt. */
async function testAndSave(api: TestApp, settings: Record<string, unknown>, version: number) {
  const tested = await api.call('POST', '/test', { body: { settings } });
  expect(tested.body).toMatchObject({ ok: true });
  const saved = await api.call('PUT', '/settings', {
    body: { settings, receipt: (tested.body as TestResponse).receipt },
    headers: { 'If-Match': String(version) },
  });
  expect(saved.status).toBe(200);
  return saved;
}

describe('a kept password serves only the server it was saved for (smtp-servers on 127.0.0.1 and 127.0.0.2)', () => {
  let server: SmtpServerFixture;
  // Another admin's server on a second loopback address, same port: it would take the password too.
  let capture: SmtpServerFixture;
  let store: SettingsStore;
  let api: TestApp;
  const secretKey = newSecretKey();

  beforeAll(async () => {
    const account = {
      security: 'none',
      users: { [USER]: SECRETS.password },
      allowInsecureAuth: true,
    } as const;
    server = await startSmtpServer(account);
    capture = await startSmtpServer({ ...account, host: '127.0.0.2', port: server.port });
  });
  afterAll(async () => {
    await server.close();
    await capture.close();
  });

  const draft = (overrides: Record<string, unknown> = {}) =>
    basicDraft({ host: server.host, port: server.port, security: 'none', username: USER, ...overrides });
  const connections = () => server.connections + capture.connections;

  beforeEach(async () => {
    store = memoryStore();
    api = createTestApp({ store, secretKey, requireTestBeforeSave: true });
    await testAndSave(api, draft(), 0);
  });

  it('refuses to Test a kept or omitted password on another server, before connecting to it', async () => {
    const before = capture.connections;
    const { password: _omitted, ...omitted } = draft({ host: capture.host });
    for (const settings of [draft({ host: capture.host, password: { keep: true } }), omitted]) {
      const res = await api.call('POST', '/test', { body: { settings } });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention',
        messageKey: 'error.fieldsInvalid',
        fields: { password: PASSWORD_REFUSED },
      });
    }
    expect(capture.connections).toBe(before);
  });

  it('refuses to Save a kept password for another server and keeps the stored settings', async () => {
    const [before, captured] = [await store.get('default'), capture.connections];
    const res = await api.call('PUT', '/settings', {
      body: { settings: draft({ host: capture.host, password: { keep: true } }) },
      headers: { 'If-Match': '1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ password: PASSWORD_REFUSED });
    expect(await store.get('default')).toEqual(before);
    expect(capture.connections).toBe(captured);
  });

  it('refuses a kept password for another port, security, user name or certificate allowance', async () => {
    const before = connections();
    for (const change of [
      { port: server.port + 1 },
      { security: 'starttls' },
      { username: 'other@example.com' },
      { username: '' },
      { allowInvalidCertificate: true },
    ]) {
      const settings = draft({ ...change, password: { keep: true } });
      for (const [method, path] of [
        ['POST', '/test'],
        ['PUT', '/settings'],
      ] as const) {
        const res = await api.call(method, path, { body: { settings }, headers: { 'If-Match': '1' } });
        expect(res.body.error?.fields, `${method} ${JSON.stringify(change)}`).toEqual({
          password: PASSWORD_REFUSED,
        });
      }
    }
    expect(connections()).toBe(before);
    expect((await store.get('default'))?.version).toBe(1);
  });

  it('keeps the password through a change of From Email and From Name, for Test and Save', async () => {
    const sealed = (await store.get('default'))?.settings.password;
    const settings = draft({
      fromEmail: 'alerts@example.com',
      fromName: 'Alerts',
      password: { keep: true },
    });
    const saved = await testAndSave(api, settings, 1);
    expect(saved.body).toMatchObject({
      version: 2,
      settings: { fromName: 'Alerts', password: { set: true } },
    });
    expect((await store.get('default'))?.settings.password).toBe(sealed);
  });

  it('keeps the password for the same server written in another case', async () => {
    await testAndSave(api, draft({ host: 'localhost' }), 1);
    const res = await api.call('POST', '/test', {
      body: { settings: draft({ host: 'LocalHost', password: { keep: true } }) },
    });
    expect(res.body).toMatchObject({ ok: true });
  });

  it('sends a password typed again to the new server, and clears the stored one when asked', async () => {
    const before = capture.connections;
    const typed = await api.call('POST', '/test', { body: { settings: draft({ host: capture.host }) } });
    expect(typed.body).toMatchObject({ ok: true });
    expect(capture.connections).toBe(before + 1);

    const lenient = createTestApp({ store, secretKey });
    const cleared = await lenient.call('PUT', '/settings', {
      body: { settings: draft({ host: capture.host, password: { clear: true } }) },
      headers: { 'If-Match': '1' },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).toMatchObject({ host: capture.host, password: { set: false } });
  });

  it('never returned a secret in any response', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});

describe('a kept client secret and refresh token serve only their app registration (local OIDC server)', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;
  let store: SettingsStore;
  let api: TestApp;
  const secretKey = newSecretKey();
  const OTHER_APP = [
    { clientId: '11111111-2222-4333-8444-555555555555' },
    { tenantId: 'fabrikam.onmicrosoft.com' },
  ];
  const KEEP = { clientSecret: { keep: true }, refreshToken: { keep: true } };

  beforeAll(async () => {
    mock = await startOAuthMock();
    server = await startSmtpServer({
      security: 'starttls',
      accessTokens: mock.acceptingLatest('notifications@contoso.com'),
    });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  const app = (requireTestBeforeSave = true) =>
    createTestApp({
      store,
      secretKey,
      requireTestBeforeSave,
      smtpTls: { ca: testCertificates().ca },
      providers: {
        microsoft: {
          ...mock.microsoftOptions(),
          smtp: { host: 'localhost', port: server.port, security: 'starttls' },
        },
      },
    });

  beforeEach(async () => {
    store = memoryStore();
    api = app();
    await testAndSave(api, microsoftDraft(), 0);
  });

  it('refuses to Test kept secrets for another client ID or tenant, before asking the provider', async () => {
    const [requests, connections] = [mock.requests.length, server.connections];
    for (const change of OTHER_APP) {
      const res = await api.call('POST', '/test', {
        body: { settings: microsoftDraft({ ...change, ...KEEP }) },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.fields, JSON.stringify(change)).toEqual(APP_CHANGED);
    }
    expect(mock.requests.length).toBe(requests);
    expect(server.connections).toBe(connections);
  });

  it('refuses to Save kept secrets for another client ID or tenant and keeps the stored settings', async () => {
    const before = await store.get('default');
    for (const change of OTHER_APP) {
      const res = await api.call('PUT', '/settings', {
        body: { settings: microsoftDraft({ ...change, ...KEEP }) },
        headers: { 'If-Match': '1' },
      });
      expect(res.body.error.fields, JSON.stringify(change)).toEqual(APP_CHANGED);
    }
    expect(await store.get('default')).toEqual(before);
  });

  it('refuses a kept refresh token beside a client secret typed for the new app', async () => {
    const settings = microsoftDraft({ ...OTHER_APP[0], refreshToken: { keep: true } });
    const res = await api.call('POST', '/test', { body: { settings } });
    expect(res.body.error.fields).toEqual({ refreshToken: APP_CHANGED.refreshToken });
    // Cleared, the token leaves with the old app; "Get Refresh Token" brings the new app's.
    const cleared = await app(false).call('PUT', '/settings', {
      body: { settings: { ...settings, refreshToken: { clear: true } } },
      headers: { 'If-Match': '1' },
    });
    expect(cleared.body.settings).toMatchObject({ ...OTHER_APP[0], refreshToken: { set: false } });
  });

  it('refuses a refresh token consented for SMTP once the sending method is Microsoft Graph, but not for Application sign-in', async () => {
    const [requests, connections] = [mock.requests.length, server.connections];
    const settings = microsoftDraft({ sendingMethod: 'graph', ...KEEP });
    const res = await api.call('POST', '/test', { body: { settings } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      refreshToken: 'Get a new refresh token: the sending method changed',
    });
    expect([mock.requests.length, server.connections]).toEqual([requests, connections]);
    // Application sign-in has no use for it, so nothing is refused.
    const application = await api.call('POST', '/test', {
      body: { settings: { ...settings, signIn: 'application' } },
    });
    expect(application.body.error?.fields).toBeUndefined();
  });

  it('keeps both through a change of From Email, From Name and secret expiry, for Test and Save', async () => {
    const requests = mock.requests.length;
    const settings = microsoftDraft({
      fromName: 'Contoso Alerts',
      clientSecretExpiresAt: '2027-01-31',
      ...KEEP,
    });
    const saved = await testAndSave(api, settings, 1);
    expect(saved.body).toMatchObject({ version: 2, settings: { fromName: 'Contoso Alerts' } });
    expect(mock.requests.slice(requests)).toEqual([
      expect.objectContaining({
        grantType: 'refresh_token',
        refreshToken: SECRETS.refreshToken,
        clientSecret: SECRETS.clientSecret,
      }),
    ]);
  });

  it('starts "Get Refresh Token" with the stored client secret only for its own app registration', async () => {
    const start = (change: Record<string, unknown>) => {
      const { clientId, tenantId } = microsoftDraft(change);
      return api.call('POST', '/oauth/microsoft/start', {
        body: { clientId, tenantId, clientSecret: { keep: true } },
      });
    };
    expect((await start({})).status).toBe(200);
    for (const change of OTHER_APP) {
      const res = await start(change);
      expect(res.status).toBe(400);
      expect(res.body.error.fields, JSON.stringify(change)).toEqual({
        clientSecret: APP_CHANGED.clientSecret,
      });
    }
  });

  it('never returned a secret in any response', () => {
    expect(leakedSecrets()).toEqual([]);
  });
});
