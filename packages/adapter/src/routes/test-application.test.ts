import type { SettingsResponse, TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capturingLogger,
  createTestApp,
  leakedSecrets,
  microsoftDraft,
  newSecretKey,
  SECRETS,
} from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createMailer } from '../mailer/create-mailer.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';

const FROM = 'notifications@contoso.com';
const SMTP_APP_SCOPE = 'https://outlook.office365.com/.default';

describe('SMTP with Application sign-in (client credentials, XOAUTH2 as the From Email)', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;

  beforeAll(async () => {
    mock = await startOAuthMock();
    // Accepts only the access token the identity provider issued last, for the From Email.
    server = await startSmtpServer({ security: 'starttls', accessTokens: mock.acceptingLatest(FROM) });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  const providers = () => ({
    microsoft: {
      ...mock.microsoftOptions(),
      smtp: { host: 'localhost', port: server.port, security: 'starttls' as const },
    },
  });
  const adapter = (store: SettingsStore, secretKey: string, requireTestBeforeSave = true) =>
    createTestApp({
      store,
      secretKey,
      requireTestBeforeSave,
      smtpTls: { ca: testCertificates().ca },
      providers: providers(),
    });
  /** The token requests the mock received since `from`. */
  const tokenRequestsSince = (from: number) => mock.requests.slice(from).map((request) => request.grantType);

  it('passes the Test, saves without a refresh token, and the mailer delivers with one token per lifetime', async () => {
    const store = memoryStore();
    const secretKey = newSecretKey();
    const app = adapter(store, secretKey);
    const { refreshToken: _, ...draft } = microsoftDraft({ signIn: 'application', fromEmail: FROM });

    const before = mock.requests.length;
    const tested = (await app.call('POST', '/test', { body: { settings: draft } })).body as TestResponse;
    expect(tested.error).toBeUndefined();
    expect(tested).toMatchObject({ ok: true, warnings: [] });
    expect(tested.stages.map((stage) => stage.name)).toContain('auth');
    expect(tokenRequestsSince(before)).toEqual(['client_credentials']);
    expect(mock.requests.at(-1)).toMatchObject({
      clientId: draft.clientId,
      clientSecret: SECRETS.clientSecret,
    });
    expect(mock.requests.at(-1)?.scope?.split(' ')).toContain(SMTP_APP_SCOPE);

    const saved = await app.call('PUT', '/settings', { body: { settings: draft, receipt: tested.receipt } });
    expect(saved.status).toBe(200);
    const view = saved.body as SettingsResponse;
    expect(view.settings).toMatchObject({ signIn: 'application', refreshToken: { set: false } });
    expect(view.tokenHealth).toEqual({ scopes: [], warnings: [] });

    let now = Date.now();
    const mailer = createMailer({
      store,
      secretKey,
      providers: providers(),
      smtpTls: { ca: testCertificates().ca },
      logger: capturingLogger,
      clock: () => new Date(now),
    });
    const send = (subject: string) => mailer.send({ to: 'qa@example.com', subject, text: 'Step 3 changed.' });
    try {
      const sent = server.messages.length;
      const minted = mock.requests.length;
      await send('Test case TC-42 was updated');
      await send('Test case TC-43 was updated');
      expect(server.messages.length).toBe(sent + 2);
      expect(server.messages.at(-1)?.user).toBe(FROM);
      // One client-credentials token serves every send while it lives (the mock's last an hour)…
      expect(tokenRequestsSince(minted)).toEqual(['client_credentials']);
      // …and the next is minted once it has expired, again from the client credentials alone.
      now += 3600_000;
      await send('Test case TC-44 was updated');
      expect(server.messages.length).toBe(sent + 3);
      expect(tokenRequestsSince(minted)).toEqual(['client_credentials', 'client_credentials']);
      expect((await store.get('default'))?.settings).not.toHaveProperty('refreshToken');
    } finally {
      await mailer.close();
    }
    expect(leakedSecrets()).toEqual([]);
  });

  it('ignores a refresh token sent with Application sign-in: not required, not stored', async () => {
    const store = memoryStore();
    const app = adapter(store, newSecretKey());
    const draft = microsoftDraft({ signIn: 'application', fromEmail: FROM });
    const tested = (await app.call('POST', '/test', { body: { settings: draft } })).body as TestResponse;
    expect(tested.ok).toBe(true);
    expect(mock.requests.at(-1)?.refreshToken).toBeUndefined();

    const saved = await app.call('PUT', '/settings', { body: { settings: draft, receipt: tested.receipt } });
    expect(saved.status).toBe(200);
    expect((saved.body as SettingsResponse).settings).toMatchObject({ refreshToken: { set: false } });
    expect((await store.get('default'))?.settings).not.toHaveProperty('refreshToken');

    // Nor is a "Get Refresh Token" flow redeemed for it: an unknown one is no error.
    const flow = { ...draft, refreshToken: { flow: 'AAAAAAAAAAAAAAAAAAAAAAAA' } };
    expect((await app.call('POST', '/test', { body: { settings: flow } })).body).toMatchObject({ ok: true });
  });

  it('drops the refresh token a delegated save kept when the settings switch to Application sign-in', async () => {
    const store = memoryStore();
    const app = adapter(store, newSecretKey(), false);
    const delegated = microsoftDraft({ fromEmail: FROM });
    expect((await app.call('PUT', '/settings', { body: { settings: delegated } })).status).toBe(200);
    expect((await store.get('default'))?.settings).toHaveProperty('refreshToken');

    const { refreshToken: _, ...application } = microsoftDraft({ signIn: 'application', fromEmail: FROM });
    const saved = await app.call('PUT', '/settings', {
      body: { settings: { ...application, refreshToken: { keep: true } } },
      headers: { 'If-Match': '"1"' },
    });
    expect(saved.status).toBe(200);
    expect((saved.body as SettingsResponse).settings).toMatchObject({ refreshToken: { set: false } });
    expect((await store.get('default'))?.settings).not.toHaveProperty('refreshToken');
    expect((saved.body as SettingsResponse).tokenHealth).toEqual({ scopes: [], warnings: [] });
  });
});

describe('SMTP with Application sign-in refused by the server', () => {
  let mock: OAuthMock;

  beforeAll(async () => {
    mock = await startOAuthMock();
  });
  afterAll(async () => {
    await mock.stop();
  });

  // The mailbox exists, but no token the mock issues is the one it takes.
  const NO_TOKEN = { [FROM]: 'not-a-token-anyone-issues' };
  // What Exchange Online answers a service principal without SMTP.SendAsApp or access to the mailbox.
  const REFUSALS = [
    '535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]',
    '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.',
  ];

  it.each(REFUSALS)(
    'shows the SMTP.SendAsApp fix in the Test and in a send, not a new refresh token: %s',
    async (reply) => {
      const server = await startSmtpServer({
        security: 'starttls',
        accessTokens: NO_TOKEN,
        refuseXoauth2: reply,
      });
      const providers = {
        microsoft: {
          ...mock.microsoftOptions(),
          smtp: { host: 'localhost', port: server.port, security: 'starttls' as const },
        },
      };
      const store = memoryStore();
      const secretKey = newSecretKey();
      const app = createTestApp({ store, secretKey, smtpTls: { ca: testCertificates().ca }, providers });
      const { refreshToken: _, ...draft } = microsoftDraft({ signIn: 'application', fromEmail: FROM });
      const mailer = createMailer({
        store,
        secretKey,
        providers,
        smtpTls: { ca: testCertificates().ca },
        logger: capturingLogger,
        retry: { attempts: 1 },
      });
      try {
        const tested = (await app.call('POST', '/test', { body: { settings: draft } })).body as TestResponse;
        expect(tested).toMatchObject({
          ok: false,
          error: {
            code: 'AUTH_FAILED',
            stage: 'auth',
            hintKey: 'hint.smtpSendAsApp',
            params: { mailbox: FROM },
          },
        });
        expect(tested.error?.hint).toContain('SMTP.SendAsApp');
        expect(tested.error?.hint).toContain(`access to ${FROM}`);
        expect(server.logins.at(-1)).toMatchObject({ method: 'XOAUTH2', user: FROM, accepted: false });

        expect((await app.call('PUT', '/settings', { body: { settings: draft } })).status).toBe(200);
        const sent = mailer.send({
          to: 'qa@example.com',
          subject: 'Test case TC-42 was updated',
          text: 'Step 3.',
        });
        await expect(sent).rejects.toMatchObject({
          code: 'AUTH_FAILED',
          hintKey: 'hint.smtpSendAsApp',
          hint: expect.stringContaining(FROM),
        });
        expect(server.messages).toEqual([]);
      } finally {
        await mailer.close();
        await server.close();
      }
      expect(leakedSecrets()).toEqual([]);
    },
  );

  it('keeps the fixes of a signed-in account for Delegated sign-in against the same refusal', async () => {
    const server = await startSmtpServer({
      security: 'starttls',
      accessTokens: NO_TOKEN,
      refuseXoauth2: REFUSALS[0] as string,
    });
    try {
      const app = createTestApp({
        store: memoryStore(),
        smtpTls: { ca: testCertificates().ca },
        providers: {
          microsoft: {
            ...mock.microsoftOptions(),
            smtp: { host: 'localhost', port: server.port, security: 'starttls' as const },
          },
        },
      });
      const tested = (
        await app.call('POST', '/test', { body: { settings: microsoftDraft({ fromEmail: FROM }) } })
      ).body as TestResponse;
      expect(tested.error).toMatchObject({ stage: 'auth', hintKey: 'hint.microsoftOauth' });
    } finally {
      await server.close();
    }
  });
});
