import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  OAuthFlowResponse,
  OAuthStartResponse,
  SettingsResponse,
  TestResponse,
} from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capturingLogger,
  createTestApp,
  googleDraft,
  microsoftDraft,
  newSecretKey,
  SECRETS,
  type TestApp,
  transcript,
} from '../../test/app-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { createMailer } from '../mailer/create-mailer.js';
import type { SmtpSettingsOptions } from '../options.js';
import { memoryStore } from '../stores/memory-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import type { SettingsStore } from '../stores/store.js';

const ACCOUNT = 'notifications@contoso.com';

describe('"Get Refresh Token" over HTTP against a local OIDC server', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;
  const smtpEndpoint = () => ({ host: 'localhost', port: server.port, security: 'starttls' as const });
  const providers = () => ({
    google: { ...mock.googleOptions(), smtp: smtpEndpoint() },
    microsoft: { ...mock.microsoftOptions(), smtp: smtpEndpoint() },
  });

  beforeAll(async () => {
    mock = await startOAuthMock();
    mock.setIdTokenClaims({ email: ACCOUNT, preferred_username: ACCOUNT });
    server = await startSmtpServer({
      security: 'starttls',
      // Accepts only the access token the identity provider issued last, for the signed-in account.
      accessTokens: {
        get [ACCOUNT]() {
          return mock.latestAccessToken() ?? 'nothing issued yet';
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  const adapter = (store: SettingsStore, overrides: Partial<SmtpSettingsOptions> = {}) =>
    createTestApp({
      store,
      requireTestBeforeSave: true,
      smtpTls: { ca: testCertificates().ca },
      providers: providers(),
      actor: () => 'alice',
      ...overrides,
    });

  const start = async (
    app: TestApp,
    provider: 'google' | 'microsoft',
    extra: Record<string, unknown> = {},
  ) => {
    const draft = provider === 'google' ? googleDraft() : microsoftDraft();
    const res = await app.call('POST', `/oauth/${provider}/start`, {
      body: {
        clientId: draft.clientId,
        clientSecret: SECRETS.clientSecret,
        ...(provider === 'microsoft' && { tenantId: 'contoso.onmicrosoft.com' }),
        ...extra,
      },
    });
    expect(res.status).toBe(200);
    return res.body as OAuthStartResponse;
  };
  /** What the popup does: the provider's page redirects to the Fallback URL, which the adapter serves. */
  const consent = async (app: TestApp, authorizeUrl: string) => {
    const callback = await followAuthorizeUrl(authorizeUrl);
    return app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);
  };

  for (const provider of ['google', 'microsoft'] as const) {
    it(`runs the whole ${provider} flow: start, consent, callback page, Test with XOAUTH2, Save, mailer`, async () => {
      const store = memoryStore();
      const secretKey = newSecretKey();
      const app = adapter(store, { secretKey });
      const started = await start(app, provider);
      const authorize = new URL(started.authorizeUrl);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toBe(
        `https://app.example.test/api/smtp/oauth/${provider}/callback`,
      );
      expect(authorize.searchParams.get('state')).toMatch(new RegExp(`^${started.flowId}\\.`));

      const page = await consent(app, started.authorizeUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('Content-Type')).toContain('text/html');
      expect(page.headers.get('Cross-Origin-Opener-Policy')).toBe('unsafe-none');
      expect(page.headers.get('X-Frame-Options')).toBe('DENY');
      expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(page.headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-[A-Za-z0-9_-]+'/);
      expect(page.body).toContain(`Connected as ${ACCOUNT}`);
      expect(page.body).toContain('BroadcastChannel');
      expect(page.body).toContain(started.flowId);

      const flow = (await app.call('GET', `/oauth/flows/${started.flowId}`)).body as OAuthFlowResponse;
      expect(flow).toMatchObject({ flowId: started.flowId, status: 'completed', provider, account: ACCOUNT });
      // The code verifier our side kept went with the code: PKCE is bound on the provider's side.
      expect(mock.requests.at(-1)).toMatchObject({
        grantType: 'authorization_code',
        codeVerifier: expect.any(String),
      });

      const settings = {
        ...(provider === 'google' ? googleDraft() : microsoftDraft()),
        fromEmail: ACCOUNT,
        refreshToken: { flow: started.flowId },
      };
      const tested = (await app.call('POST', '/test', { body: { settings } })).body as TestResponse;
      expect(tested.error).toBeUndefined();
      expect(tested.ok).toBe(true);

      const saved = await app.call('PUT', '/settings', { body: { settings, receipt: tested.receipt } });
      expect(saved.status).toBe(200);
      const view = saved.body as SettingsResponse;
      expect(view.settings).toMatchObject({ refreshToken: { set: true } });
      expect(view.tokenHealth).toMatchObject({ account: ACCOUNT, warnings: [] });
      expect((await app.call('GET', `/oauth/flows/${started.flowId}`)).body.status).toBe('consumed');
      expect((await store.getFlow('default', started.flowId))?.data).not.toHaveProperty('refreshToken');

      const mailer = createMailer({
        store,
        secretKey,
        providers: providers(),
        tls: { ca: testCertificates().ca },
        logger: capturingLogger,
      });
      try {
        const before = server.messages.length;
        await mailer.send({
          to: 'qa@example.com',
          subject: 'Test case TC-42 was updated',
          text: 'Step 3 changed.',
        });
        expect(server.messages.length).toBe(before + 1);
        expect(server.messages.at(-1)?.user).toBe(ACCOUNT);
      } finally {
        await mailer.close();
      }
    });
  }

  it('shows a cancelled consent (access_denied) in the popup and through the flow route', async () => {
    const app = adapter(memoryStore());
    const { flowId, authorizeUrl } = await start(app, 'google');
    const state = new URL(authorizeUrl).searchParams.get('state');
    const page = await app.call('GET', `/oauth/google/callback?error=access_denied&state=${state}`);
    expect(page.body).toContain('Sign-in did not complete');
    const flow = (await app.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_ACCESS_DENIED' } });
  });

  it('rejects a replayed state', async () => {
    const app = adapter(memoryStore());
    const { authorizeUrl } = await start(app, 'google');
    const callback = await followAuthorizeUrl(authorizeUrl);
    const path = callback.pathname.replace('/api/smtp', '') + callback.search;
    expect((await app.call('GET', path)).body).toContain('Connected as');
    const replay = await app.call('GET', path);
    expect(replay.body).toContain('already completed');
  });

  it('rejects a forged state', async () => {
    const app = adapter(memoryStore());
    const { flowId } = await start(app, 'google');
    const page = await app.call(
      'GET',
      `/oauth/google/callback?code=abc&state=${flowId}.forged-nonce-forged-nonce`,
    );
    expect(page.body).toContain('unknown, expired or belongs to another session');
    expect((await app.call('GET', `/oauth/flows/${flowId}`)).body.status).toBe('started');
  });

  it('rejects a state from another tenant and from another admin', async () => {
    const store = memoryStore();
    const { authorizeUrl } = await start(adapter(store, { tenant: () => 'acme' }), 'google');
    const callback = await followAuthorizeUrl(authorizeUrl);
    const path = callback.pathname.replace('/api/smtp', '') + callback.search;
    expect((await adapter(store, { tenant: () => 'globex' }).call('GET', path)).body).toContain(
      'another session',
    );
    expect(
      (await adapter(store, { tenant: () => 'acme', actor: () => 'mallory' }).call('GET', path)).body,
    ).toContain('another session');
  });

  it('rejects an expired state', async () => {
    let now = Date.now();
    const app = adapter(memoryStore(), { clock: () => new Date(now) });
    const { authorizeUrl } = await start(app, 'google');
    const callback = await followAuthorizeUrl(authorizeUrl);
    now += 11 * 60_000;
    const page = await app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);
    expect(page.body).toContain('expired');
  });

  it('explains a wrong client secret without echoing it', async () => {
    const app = adapter(memoryStore());
    const { flowId, authorizeUrl } = await start(app, 'google');
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `Unauthorized client_secret=${request.clientSecret}`,
      },
    }));
    try {
      await consent(app, authorizeUrl);
    } finally {
      mock.accept();
    }
    const flow = (await app.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_CLIENT_INVALID' } });
  });

  it('starts with the stored client secret ({ keep: true }) and refuses a foreign returnTo', async () => {
    const store = memoryStore();
    const app = adapter(store, { requireTestBeforeSave: false });
    await app.call('PUT', '/settings', { body: { settings: googleDraft() } });
    const kept = await app.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: { keep: true } },
    });
    expect(kept.status).toBe(200);
    const foreign = await app.call('POST', '/oauth/google/start', {
      body: {
        clientId: googleDraft().clientId,
        clientSecret: SECRETS.clientSecret,
        returnTo: 'https://evil.example/x',
      },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toEqual({ returnTo: 'Return address must be on this application' });
    const unknown = await app.call('POST', '/oauth/yahoo/start', { body: {} });
    expect(unknown.status).toBe(404);
  });

  it('returns to the page it started from when run as a full-page redirect', async () => {
    const app = adapter(memoryStore());
    const { flowId, authorizeUrl } = await start(app, 'google', {
      returnTo: 'https://app.example.test/admin/mail?tab=smtp',
    });
    const back = await consent(app, authorizeUrl);
    expect(back.status).toBe(303);
    expect(back.headers.get('Location')).toBe(
      `https://app.example.test/admin/mail?tab=smtp&smtpSettingsFlow=${flowId}`,
    );
  });

  it('completes on a second adapter instance sharing the SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-flows-'));
    const secretKey = newSecretKey();
    const first = sqliteStore({ filename: join(dir, 'settings.db') });
    const second = sqliteStore({ filename: join(dir, 'settings.db') });
    try {
      const { flowId, authorizeUrl } = await start(adapter(first, { secretKey }), 'microsoft');
      const page = await consent(adapter(second, { secretKey }), authorizeUrl);
      expect(page.body).toContain('Connected as');
      expect((await adapter(first, { secretKey }).call('GET', `/oauth/flows/${flowId}`)).body.status).toBe(
        'completed',
      );
    } finally {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses Save with a flow that did not complete', async () => {
    const app = adapter(memoryStore(), { requireTestBeforeSave: false });
    const { flowId } = await start(app, 'google');
    const res = await app.call('PUT', '/settings', {
      body: { settings: googleDraft({ refreshToken: { flow: flowId } }) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.refreshToken).toMatch(/has not completed/);
  });

  it('never put a token, code or secret in a response or a log line', () => {
    const secrets = [
      ...Object.values(SECRETS),
      ...mock.issued.flatMap(({ accessToken, refreshToken }) => [
        accessToken,
        ...(refreshToken ? [refreshToken] : []),
      ]),
      ...mock.requests.flatMap(({ code, codeVerifier }) => [
        ...(code ? [code] : []),
        ...(codeVerifier ? [codeVerifier] : []),
      ]),
    ];
    expect(secrets.length).toBeGreaterThan(5);
    expect(secrets.filter((secret) => transcript.some((line) => line.includes(secret)))).toEqual([]);
  });
});
