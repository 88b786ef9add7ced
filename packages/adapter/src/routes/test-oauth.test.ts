import type {
  OAuthFlowResponse,
  OAuthProvider,
  OAuthStartResponse,
  SettingsResponse,
  TestResponse,
} from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  googleDraft,
  leakedSecrets,
  MOUNT,
  microsoftDraft,
  SECRETS,
  type TestApp,
  transcript,
} from '../../test/app-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { startStallingServer } from '../../test/stalling-server.js';
import { memoryStore } from '../stores/memory-store.js';

/** The mailbox "Get Refresh Token" signs in as, where the From Email may be another one. */
const SIGNED_IN = 'notifications@contoso.example';
const DRAFTS = { google: googleDraft, microsoft: microsoftDraft } as const;
const NO_REFRESH_TOKEN = {
  error: {
    code: 'VALIDATION_FAILED',
    message: 'Some fields need attention',
    messageKey: 'error.fieldsInvalid',
    fields: { refreshToken: 'Get a refresh token first: use Get Refresh Token, or paste one' },
  },
};

describe('POST /test with OAuth (XOAUTH2 against a local OIDC server)', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;

  beforeAll(async () => {
    mock = await startOAuthMock();
    // The server accepts only the access token the identity provider issued last, for each mailbox.
    const latest = () => mock.latestAccessToken() ?? 'nothing issued yet';
    server = await startSmtpServer({
      security: 'starttls',
      accessTokens: {
        get 'notifications@contoso.com'() {
          return latest();
        },
        get 'notifications@example.com'() {
          return latest();
        },
        get [SIGNED_IN]() {
          return latest();
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  const app = () => {
    const smtp = { host: 'localhost', port: server.port, security: 'starttls' as const };
    return createTestApp({
      store: memoryStore(),
      smtpTls: { ca: testCertificates().ca },
      providers: {
        google: { ...mock.googleOptions(), smtp },
        microsoft: { ...mock.microsoftOptions(), smtp },
      },
    });
  };

  /** Runs "Get Refresh Token" as the popup does, signed in as `account`, and returns the completed flow's id. */
  const getRefreshToken = async (api: TestApp, provider: OAuthProvider, account: string) => {
    mock.setIdTokenClaims({ email: account, preferred_username: account });
    try {
      const started = await api.call('POST', `/oauth/${provider}/start`, {
        body: {
          clientId: DRAFTS[provider]().clientId,
          clientSecret: SECRETS.clientSecret,
          ...(provider === 'microsoft' && { tenantId: 'contoso.onmicrosoft.com' }),
        },
      });
      const { flowId, authorizeUrl } = started.body as OAuthStartResponse;
      const callback = await followAuthorizeUrl(authorizeUrl);
      await api.call('GET', callback.pathname.slice(MOUNT.length) + callback.search);
      const flow = (await api.call('GET', `/oauth/flows/${flowId}`)).body as OAuthFlowResponse;
      expect(flow).toMatchObject({ status: 'completed', account });
      return flowId;
    } finally {
      mock.setIdTokenClaims({});
    }
  };

  for (const [provider, draft] of [
    ['google', googleDraft({ refreshToken: SECRETS.refreshToken })],
    ['microsoft', microsoftDraft()],
  ] as const) {
    it(`authenticates to the provider's SMTP server with a minted ${provider} access token`, async () => {
      const before = mock.requests.length;
      const body = (await app().call('POST', '/test', { body: { settings: draft } })).body as TestResponse;
      expect(body.error).toBeUndefined();
      expect(body.ok).toBe(true);
      expect(body.stages.find((stage) => stage.name === 'auth')?.detail).toMatch(/XOAUTH2/);
      expect(mock.requests.slice(before)).toEqual([
        expect.objectContaining({ grantType: 'refresh_token', refreshToken: SECRETS.refreshToken }),
      ]);
    });
  }

  it('reports a revoked refresh token as TOKEN_REVOKED at auth with "Get a new refresh token"', async () => {
    mock.refuse(() => ({
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    }));
    try {
      const body = (
        await app().call('POST', '/test', {
          body: { settings: googleDraft({ refreshToken: SECRETS.refreshToken }) },
        })
      ).body as TestResponse;
      expect(body.ok).toBe(false);
      expect(body.error).toMatchObject({
        code: 'TOKEN_REVOKED',
        stage: 'auth',
        hint: 'Get a new refresh token.',
      });
    } finally {
      mock.accept();
    }
  });

  it('reports a token endpoint that never answers as TOKEN_ENDPOINT_UNREACHABLE at auth, within the timeout', async () => {
    const stalling = await startStallingServer();
    try {
      const api = createTestApp({
        store: memoryStore(),
        smtpTls: { ca: testCertificates().ca },
        providers: {
          google: {
            ...mock.googleOptions(),
            tokenUrl: `${stalling.url}/token`,
            smtp: { host: 'localhost', port: server.port, security: 'starttls' },
          },
          tokenTimeoutMs: 300,
        },
      });
      const started = performance.now();
      const body = (
        await api.call('POST', '/test', {
          body: { settings: googleDraft({ refreshToken: SECRETS.refreshToken }) },
        })
      ).body as TestResponse;
      // The Test's own bound is 15 s: the token's deadline ends it long before, with its own code.
      expect(performance.now() - started).toBeLessThan(300 + 1500);
      expect(body.ok).toBe(false);
      expect(body.error).toMatchObject({
        code: 'TOKEN_ENDPOINT_UNREACHABLE',
        stage: 'auth',
        message: 'The Google token endpoint did not answer within 300 ms.',
        hint: "This server could not reach Google's token endpoint: check its network connection, proxy and firewall, then try again.",
      });
    } finally {
      await stalling.close();
    }
  });

  for (const provider of ['google', 'microsoft'] as const) {
    it(`answers a ${provider} test without a refresh token with a refreshToken field error, before connecting`, async () => {
      const api = app();
      const before = mock.requests.length;
      // `undefined` leaves the field out of the JSON, as a draft before consent does.
      const neverObtained = DRAFTS[provider]({ refreshToken: undefined });
      const untested = await api.call('POST', '/test', { body: { settings: neverObtained } });
      expect(untested.status).toBe(400);
      expect(untested.body).toEqual(NO_REFRESH_TOKEN);

      const saved = DRAFTS[provider]({ refreshToken: SECRETS.refreshToken });
      expect((await api.call('PUT', '/settings', { body: { settings: saved } })).status).toBe(200);
      const cleared = { ...saved, refreshToken: { clear: true } };
      const tested = await api.call('POST', '/test', { body: { settings: cleared } });
      expect(tested.status).toBe(400);
      expect(tested.body).toEqual(NO_REFRESH_TOKEN);
      // Nothing asked the identity provider for a token, so no sign-in was attempted either.
      expect(mock.requests.length).toBe(before);
    });

    it(`warns in the ${provider} test result that Send As is needed when the account is not the From Email`, async () => {
      const api = app();
      const flowId = await getRefreshToken(api, provider, SIGNED_IN);
      const settings = DRAFTS[provider]({
        fromEmail: 'sales@contoso.example',
        refreshToken: { flow: flowId },
      });
      const byFlow = (await api.call('POST', '/test', { body: { settings } })).body as TestResponse;
      expect(byFlow.error).toBeUndefined();

      expect((await api.call('PUT', '/settings', { body: { settings } })).status).toBe(200);
      const { tokenHealth } = (await api.call('GET', '/settings')).body as SettingsResponse;
      expect(tokenHealth?.warnings).toEqual([
        {
          message: expect.stringContaining(`The token belongs to ${SIGNED_IN}`),
          messageKey: provider === 'google' ? 'warning.sendAsGoogle' : 'warning.sendAsMicrosoft',
          params: { account: SIGNED_IN, fromEmail: 'sales@contoso.example' },
        },
      ]);
      expect(byFlow.warnings).toEqual(tokenHealth?.warnings);

      const kept = { ...settings, refreshToken: { keep: true } };
      const bySavedToken = (await api.call('POST', '/test', { body: { settings: kept } }))
        .body as TestResponse;
      expect(bySavedToken.error).toBeUndefined();
      expect(bySavedToken.warnings).toEqual(tokenHealth?.warnings);
    });
  }

  it('gives no Send As warning when the account is the From Email in any case, or is unknown', async () => {
    const api = app();
    const flowId = await getRefreshToken(api, 'microsoft', SIGNED_IN);
    const same = microsoftDraft({
      fromEmail: 'Notifications@Contoso.EXAMPLE',
      refreshToken: { flow: flowId },
    });
    const matching = (await api.call('POST', '/test', { body: { settings: same } })).body as TestResponse;
    expect(matching).toMatchObject({ ok: true, warnings: [] });

    // A token pasted by hand names no account.
    const pasted = microsoftDraft({ refreshToken: SECRETS.refreshToken });
    const unknown = (await api.call('POST', '/test', { body: { settings: pasted } })).body as TestResponse;
    expect(unknown).toMatchObject({ ok: true, warnings: [] });
  });

  it('never returned or logged a secret or an issued token', () => {
    expect(leakedSecrets()).toEqual([]);
    const tokens = mock.issued.flatMap(({ accessToken, refreshToken }) => [
      accessToken,
      refreshToken ?? accessToken,
    ]);
    expect(tokens.filter((token) => transcript.some((line) => line.includes(token)))).toEqual([]);
  });
});
