import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  OAuthFlowResponse,
  OAuthStartResponse,
  SettingsResponse,
  TestResponse,
} from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { type StallingServer, startStallingServer } from '../../test/stalling-server.js';
import { createMailer } from '../mailer/create-mailer.js';
import type { SmtpSettingsOptions } from '../options.js';
import { memoryStore } from '../stores/memory-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import type { SettingsStore } from '../stores/store.js';

const ACCOUNT = 'notifications@contoso.com';
// Short, so the tests that wait for it are quick; the slack covers a busy machine, not a second try.
const TIMEOUT_MS = 300;
const SLACK_MS = 1500;

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
      accessTokens: mock.acceptingLatest(ACCOUNT),
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
        smtpTls: { ca: testCertificates().ca },
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
    expect(flow).toMatchObject({
      status: 'failed',
      error: {
        code: 'OAUTH_ACCESS_DENIED',
        message: 'The Google sign-in was cancelled or the permissions were declined (access_denied).',
        messageKey: 'signIn.accessDenied',
        hintKey: 'hint.signInAccept',
        params: { provider: 'Google', codes: 'access_denied' },
      },
    });
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
    const unknown = await app.call('GET', '/oauth/flows/0123456789abcdef0123456789abcdef');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 'NOT_FOUND',
      message: 'No such sign-in: it expired or was started by someone else',
      messageKey: 'error.signInNotFound',
    });
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
    const flowId = new URL(authorizeUrl).searchParams.get('state')?.split('.')[0];
    expect((await app.call('GET', `/oauth/flows/${flowId}`)).body.error).toEqual({
      code: 'OAUTH_STATE_INVALID',
      message: 'This sign-in expired: it has to be completed within 10 minutes of starting it.',
      messageKey: 'signIn.stateExpired',
      hint: 'Close this window and click "Get Refresh Token" again.',
      hintKey: 'hint.signInAgain',
      params: { minutes: 10 },
    });
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
    expect(flow).toMatchObject({
      status: 'failed',
      error: {
        code: 'OAUTH_CLIENT_INVALID',
        messageKey: 'signIn.clientInvalid',
        hintKey: 'hint.signInClientGoogle',
        params: { provider: 'Google', codes: 'invalid_client' },
      },
    });
    expect(JSON.stringify(flow)).not.toContain(SECRETS.clientSecret);
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

  it("checks each provider's app registration fields at start: Microsoft's tenant, Google without one", async () => {
    const app = adapter(memoryStore());
    const answer = async (provider: string, body: Record<string, unknown>) => {
      const res = await app.call('POST', `/oauth/${provider}/start`, {
        body: { clientSecret: SECRETS.clientSecret, ...body },
      });
      expect(res.status).toBe(400);
      return res.body.error.fields;
    };
    const google = googleDraft().clientId;
    const microsoft = microsoftDraft().clientId;
    expect(await answer('google', { clientId: google, tenantId: 'contoso.onmicrosoft.com' })).toEqual({
      tenantId: 'Unknown field',
    });
    expect(await answer('microsoft', { clientId: microsoft })).toEqual({
      tenantId: 'Send the OAuth fields as an object',
    });
    expect(await answer('microsoft', { clientId: google, tenantId: 'common' })).toEqual({
      clientId: 'Client ID must be the Application (client) ID GUID from the Azure app registration',
      tenantId: `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "common" cannot be used`,
    });
    expect(await answer('google', { clientId: microsoft })).toEqual({
      clientId: 'Client ID must end with .apps.googleusercontent.com',
    });
  });

  it("asks for Graph's Mail.Send for the Graph sending method, and redeems the code for the same scopes", async () => {
    const app = adapter(memoryStore());
    const { flowId, authorizeUrl } = await start(app, 'microsoft', { sendingMethod: 'graph' });
    expect(new URL(authorizeUrl).searchParams.get('scope')?.split(' ').sort()).toEqual(
      [
        'email',
        'https://graph.microsoft.com/Mail.Send',
        'https://graph.microsoft.com/User.Read',
        'offline_access',
        'openid',
        'profile',
      ].sort(),
    );
    expect((await consent(app, authorizeUrl)).body).toContain(`Connected as ${ACCOUNT}`);
    const redemption = mock.requests.at(-1);
    expect(redemption?.grantType).toBe('authorization_code');
    expect(redemption?.scope?.split(' ')).toContain('https://graph.microsoft.com/Mail.Send');
    expect(redemption?.scope).not.toContain('SMTP.Send');
    const flow = (await app.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ status: 'completed', account: ACCOUNT });
    expect(flow.scopes).toContain('https://graph.microsoft.com/Mail.Send');
  });

  it('refuses an unknown sending method at start, and any for Google, with a field-level error', async () => {
    const app = adapter(memoryStore());
    const answer = async (provider: string, body: Record<string, unknown>) => {
      const res = await app.call('POST', `/oauth/${provider}/start`, {
        body: { clientSecret: SECRETS.clientSecret, ...body },
      });
      expect(res.status).toBe(400);
      return res.body.error.fields;
    };
    const microsoft = { clientId: microsoftDraft().clientId, tenantId: 'contoso.onmicrosoft.com' };
    expect(await answer('microsoft', { ...microsoft, sendingMethod: 'ews' })).toEqual({
      sendingMethod: 'Choose SMTP or Microsoft Graph',
    });
    expect(await answer('google', { clientId: googleDraft().clientId, sendingMethod: 'smtp' })).toEqual({
      sendingMethod: 'Unknown field',
    });
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

  describe('an identity service that accepts the connection and never answers', () => {
    let stalling: StallingServer;
    beforeEach(async () => {
      stalling = await startStallingServer();
    });
    afterEach(() => stalling.close());

    /** The mock's endpoints, with each provider's token endpoint on the stalling server. */
    const stalledTokenEndpoints = () => {
      const { authorityMetadata, ...microsoft } = mock.microsoftOptions();
      const metadata = { ...JSON.parse(authorityMetadata ?? '{}'), token_endpoint: `${stalling.url}/token` };
      return {
        google: { ...mock.googleOptions(), tokenUrl: `${stalling.url}/token`, smtp: smtpEndpoint() },
        microsoft: { ...microsoft, authorityMetadata: JSON.stringify(metadata), smtp: smtpEndpoint() },
        tokenTimeoutMs: TIMEOUT_MS,
      };
    };

    for (const provider of ['google', 'microsoft'] as const) {
      it(`settles a ${provider} sign-in whose code redemption stalls as failed, within the timeout, on the callback page`, async () => {
        const app = adapter(memoryStore(), { providers: stalledTokenEndpoints() });
        const { flowId, authorizeUrl } = await start(app, provider);
        const callback = await followAuthorizeUrl(authorizeUrl);

        const started = performance.now();
        const page = await app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);
        expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);

        const label = provider === 'google' ? 'Google' : 'Microsoft';
        expect(page.status).toBe(200);
        expect(page.headers.get('Content-Type')).toContain('text/html');
        expect(page.body).toContain('Sign-in did not complete');
        expect(page.body).toContain(`Could not reach ${label}&#39;s sign-in service in time`);
        const flow = (await app.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
        expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_FAILED' } });
        expect(flow.error?.message).toMatch(/did not answer within 300 ms/);
      });
    }

    it('answers POST /oauth/microsoft/start with OAUTH_FAILED within the timeout when the authority stalls', async () => {
      const app = adapter(memoryStore(), {
        providers: {
          // No inline metadata: MSAL loads the tenant's OpenID configuration from the authority.
          microsoft: {
            authorityHost: `https://localhost:${stalling.port}`,
            knownAuthorities: [`localhost:${stalling.port}`],
          },
          tokenTimeoutMs: TIMEOUT_MS,
        },
      });
      const started = performance.now();
      const res = await app.call('POST', '/oauth/microsoft/start', {
        body: {
          clientId: microsoftDraft().clientId,
          clientSecret: SECRETS.clientSecret,
          tenantId: 'contoso.onmicrosoft.com',
        },
      });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('OAUTH_FAILED');
      expect(res.body.error.message).toMatch(/Could not reach Microsoft's sign-in service in time/);
      // What went wrong and the fix, each with the key a translation replaces it by.
      expect(res.body.error).toMatchObject({
        messageKey: 'error.signInRefused',
        params: {
          provider: 'Microsoft',
          timeout: '300 ms',
          problem: "Could not reach Microsoft's sign-in service in time: it did not answer within 300 ms.",
          problemKey: 'signIn.timedOut',
          fix: expect.stringContaining('then click "Get Refresh Token" again'),
          fixKey: 'hint.signInReachInTime',
        },
      });
      expect(stalling.stalled).toBe(1);
    });
  });

  it('throttles starting sign-ins per tenant, across providers: 429 RATE_LIMITED with Retry-After', async () => {
    const app = adapter(memoryStore(), {
      tenant: (c) => c.req.header('X-Tenant') ?? 'acme',
      oauthStartRateLimit: { limit: 3, windowMs: 60_000 },
    });
    for (const provider of ['google', 'microsoft', 'google'] as const) await start(app, provider);
    const refused = await app.call('POST', '/oauth/microsoft/start', {
      body: {
        clientId: microsoftDraft().clientId,
        clientSecret: SECRETS.clientSecret,
        tenantId: 'contoso.onmicrosoft.com',
      },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({
      code: 'RATE_LIMITED',
      message: 'Too many sign-ins started: try again in 60 s',
      messageKey: 'error.tooManySignIns',
      params: { seconds: 60 },
    });
    expect(refused.headers.get('Retry-After')).toBe('60');
    const other = await app.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
      headers: { 'X-Tenant': 'globex' },
    });
    expect(other.status).toBe(200);
  });

  it('allows 10 sign-ins a minute per tenant by default, and any number with oauthStartRateLimit: false', async () => {
    const body = { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret };
    const limited = adapter(memoryStore());
    const unlimited = adapter(memoryStore(), { oauthStartRateLimit: false });
    for (let n = 0; n < 10; n += 1) {
      expect((await limited.call('POST', '/oauth/google/start', { body })).status).toBe(200);
    }
    expect((await limited.call('POST', '/oauth/google/start', { body })).status).toBe(429);
    for (let n = 0; n < 11; n += 1) {
      expect((await unlimited.call('POST', '/oauth/google/start', { body })).status).toBe(200);
    }
  });

  it('shows the callback page, not JSON, for a sign-in started before the secret key changed', async () => {
    const store = memoryStore();
    const { flowId, authorizeUrl } = await start(adapter(store, { secretKey: newSecretKey() }), 'google');
    const callback = await followAuthorizeUrl(authorizeUrl);
    // The host replaced its key (not rotated it in): what the flow sealed cannot be opened any more.
    const rekeyed = adapter(store, { secretKey: newSecretKey() });

    const page = await rekeyed.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);

    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.body).toContain('Sign-in did not complete');
    expect(page.body).toContain('secret key changed');
    const flow = (await rekeyed.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_STATE_INVALID' } });
    // The code was never redeemed with a secret this server can no longer read.
    expect(mock.requests.at(-1)?.code).not.toBe(callback.searchParams.get('code'));
  });

  it('returns a full-page sign-in that can no longer complete to its page, where the flow says why', async () => {
    const store = memoryStore();
    const returnTo = 'https://app.example.test/admin/mail';
    const { flowId, authorizeUrl } = await start(adapter(store, { secretKey: newSecretKey() }), 'google', {
      returnTo,
    });
    const callback = await followAuthorizeUrl(authorizeUrl);
    const rekeyed = adapter(store, { secretKey: newSecretKey() });

    const back = await rekeyed.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);

    expect(back.status).toBe(303);
    expect(back.headers.get('Location')).toBe(`${returnTo}?smtpSettingsFlow=${flowId}`);
    expect((await rekeyed.call('GET', `/oauth/flows/${flowId}`)).body).toMatchObject({
      status: 'failed',
      error: { code: 'OAUTH_STATE_INVALID', message: expect.stringContaining('secret key changed') },
    });
  });

  it('ends an expired sign-in as failed and returns a full-page one to its page', async () => {
    let now = Date.now();
    const app = adapter(memoryStore(), { clock: () => new Date(now) });
    const returnTo = 'https://app.example.test/admin/mail';
    const { flowId, authorizeUrl } = await start(app, 'google', { returnTo });
    const callback = await followAuthorizeUrl(authorizeUrl);
    now += 11 * 60_000;

    const back = await app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);

    expect(back.status).toBe(303);
    expect(back.headers.get('Location')).toBe(`${returnTo}?smtpSettingsFlow=${flowId}`);
    const flow = (await app.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
    expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_STATE_INVALID' } });
    expect(flow.error?.message).toMatch(/expired: it has to be completed within 10 minutes/);
  });

  it('shows the callback page with a 500, not JSON, when the store fails while completing', async () => {
    const store = memoryStore();
    const app = adapter(store);
    const { authorizeUrl } = await start(app, 'google');
    const callback = await followAuthorizeUrl(authorizeUrl);
    store.transitionFlow = async () => {
      throw new Error('the database is down');
    };

    const page = await app.call('GET', callback.pathname.replace('/api/smtp', '') + callback.search);

    expect(page.status).toBe(500);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.body).toContain('could not be completed because of an error on this server');
    expect(transcript.some((line) => line.includes('an OAuth callback failed'))).toBe(true);
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
