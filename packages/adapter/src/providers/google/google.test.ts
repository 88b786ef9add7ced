import { createHash } from 'node:crypto';
import type { GoogleSettings } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../../test/socket-handles.js';
import { type StallingServer, startStallingServer } from '../../../test/stalling-server.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import type { AuthorizeRequest, CodeRedemption } from '../provider.js';
import { resolveProviderConfigs } from '../resolve-providers.js';
import { googleAuthorizeUrl } from './authorize.js';
import type { GoogleConfig } from './config.js';
import { mintGoogleAccessToken } from './mint.js';
import { redeemGoogleCode } from './redeem.js';

const SETTINGS: GoogleSettings = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '1//0gRefresh-Token-never-echo',
  fromEmail: 'notifications@example.com',
};

// Short, so the tests that wait for it are quick; the slack covers a busy machine, not a second try.
const TIMEOUT_MS = 300;
const SLACK_MS = 1500;

let mock: OAuthMock;

beforeAll(async () => {
  mock = await startOAuthMock({ rotateRefreshToken: false });
});
afterAll(() => mock.stop());
beforeEach(() => {
  mock.accept();
  mock.setIdTokenClaims({});
  mock.amendAnswers(undefined);
});

async function failure(settings: GoogleSettings = SETTINGS): Promise<SmtpFailure> {
  const error = await mintGoogleAccessToken(settings, google()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('mintGoogleAccessToken', () => {
  it('redeems the refresh token at the configured token endpoint', async () => {
    const before = Date.now();
    const minted = await mintGoogleAccessToken(SETTINGS, google());

    expect(mock.requests.at(-1)).toMatchObject({
      grantType: 'refresh_token',
      refreshToken: SETTINGS.refreshToken,
      clientId: SETTINGS.clientId,
      clientSecret: SETTINGS.clientSecret,
    });
    expect(minted.accessToken).toBe(mock.latestAccessToken());
    expect(minted.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3500_000);
    expect(minted).not.toHaveProperty('refreshToken');
  });

  it('returns a refresh token only when Google rotated it', async () => {
    const rotating = await startOAuthMock({ rotateRefreshToken: true });
    try {
      const minted = await mintGoogleAccessToken(
        SETTINGS,
        resolveProviderConfigs({ google: rotating.googleOptions() }).google,
      );
      expect(minted.refreshToken).toBe(rotating.issued.at(-1)?.refreshToken);
    } finally {
      await rotating.stop();
    }
  });

  it('says TOKEN_REVOKED with "Get a refresh token first" when there is none', async () => {
    const requests = mock.requests.length;
    const { refreshToken: _, ...withoutToken } = SETTINGS;
    const error = await failure(withoutToken);
    expect(error).toMatchObject({ code: 'TOKEN_REVOKED', hint: 'Get a refresh token first.' });
    expect(mock.requests.length).toBe(requests);
  });

  it('says TOKEN_REVOKED for invalid_grant', async () => {
    mock.refuse(() => ({
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    }));
    const error = await failure();
    expect(error).toMatchObject({ code: 'TOKEN_REVOKED', stage: 'auth', hint: 'Get a new refresh token.' });
    expect(error.message).toBe(
      'Google no longer accepts the refresh token (invalid_grant: Token has been expired or revoked.).',
    );
  });

  it('says TOKEN_FAILED for invalid_client without repeating an echoed secret', async () => {
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `Unauthorized client ${request.clientSecret} for ${request.refreshToken}`,
      },
    }));
    const error = await failure();
    expect(error.code).toBe('TOKEN_FAILED');
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain(SETTINGS.clientSecret);
    expect(error.message).not.toContain(SETTINGS.refreshToken);
    // The gaxios error keeps the request body (with both secrets) in its config, so it is not kept as the cause.
    expect(JSON.stringify(error.cause ?? null)).not.toContain(SETTINGS.clientSecret);
    // Google has no tenant: the fix names Google's own fields and where to find them.
    expect(error.hint).toContain('Google Cloud console');
    expect(error.hint).not.toMatch(/tenant/i);
  });

  it('says TOKEN_ENDPOINT_UNREACHABLE, transient, when the token endpoint cannot be reached', async () => {
    const gone = await startOAuthMock();
    const provider = resolveProviderConfigs({ google: gone.googleOptions(), tokenTimeoutMs: 5000 }).google;
    await gone.stop();
    const error = await mintGoogleAccessToken(SETTINGS, provider).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE', stage: 'auth', transient: true });
    expect((error as Error).message).toMatch(/^Could not reach the Google token endpoint/);
    expect((error as SmtpFailure).hint).toMatch(/could not reach Google's token endpoint/);
    expect((error as SmtpFailure).hint).not.toMatch(/tenant/i);
  });
});

describe('a Google token endpoint that accepts the connection and never answers', () => {
  let stalling: StallingServer;
  beforeEach(async () => {
    stalling = await startStallingServer();
  });
  afterEach(() => stalling.close());

  const stalled = (): GoogleConfig =>
    resolveProviderConfigs({
      google: { ...mock.googleOptions(), tokenUrl: `${stalling.url}/token` },
      tokenTimeoutMs: TIMEOUT_MS,
    }).google;

  it('gives up minting after tokenTimeoutMs with TOKEN_ENDPOINT_UNREACHABLE, once, and closes the socket', async () => {
    const sockets = openSockets();
    const started = performance.now();
    const error = await mintGoogleAccessToken(SETTINGS, stalled()).catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(SmtpFailure);
    expect(error).toMatchObject({
      code: 'TOKEN_ENDPOINT_UNREACHABLE',
      stage: 'auth',
      transient: true,
      message: `The Google token endpoint did not answer within ${TIMEOUT_MS} ms.`,
      hint: "This server could not reach Google's token endpoint: check its network connection, proxy and firewall, then try again.",
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    // An aborted request is not retried by gaxios, and its socket is closed, not left to the server.
    expect(stalling.stalled).toBe(1);
    await expectSocketsBackTo(sockets);
    expect(stalling.held).toBe(0);
  });

  it('gives up redeeming the code after tokenTimeoutMs with OAUTH_FAILED "could not reach … in time"', async () => {
    const redemption = await signIn();
    const sockets = openSockets();
    const started = performance.now();
    const error = await redeemGoogleCode(redemption, stalled()).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect(error).toMatchObject({
      code: 'OAUTH_FAILED',
      message: `Could not reach Google's sign-in service in time: it did not answer within ${TIMEOUT_MS} ms.`,
      hint: 'Check that this server can reach Google (network connection, proxy, firewall), then click "Get Refresh Token" again.',
    });
    await expectSocketsBackTo(sockets);
    expect(stalling.held).toBe(0);
  });
});

const VERIFIER = 'pkce-verifier-never-echo-0123456789-abcdefghijklmnopqrstuvwxyz';
const AUTHORIZE: AuthorizeRequest = {
  clientId: SETTINGS.clientId,
  clientSecret: SETTINGS.clientSecret,
  redirectUri: 'https://app.example.com/smtp-settings/oauth/google/callback',
  state: 'flow-1.state-nonce',
  codeChallenge: createHash('sha256').update(VERIFIER).digest('base64url'),
  loginHint: 'admin@example.com',
};

const google = (): GoogleConfig => resolveProviderConfigs({ google: mock.googleOptions() }).google;

/** Walks the authorize URL to the mock's redirect and returns what the route would redeem. */
async function signIn(): Promise<CodeRedemption> {
  const callback = await followAuthorizeUrl(await googleAuthorizeUrl(AUTHORIZE, google()));
  expect(callback.origin + callback.pathname).toBe(AUTHORIZE.redirectUri);
  expect(callback.searchParams.get('state')).toBe(AUTHORIZE.state);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.href}`);
  const { clientId, clientSecret, redirectUri } = AUTHORIZE;
  return { clientId, clientSecret, redirectUri, code, codeVerifier: VERIFIER };
}

async function redeemFailure(redemption: CodeRedemption): Promise<OAuthFlowError> {
  const error = await redeemGoogleCode(redemption, google()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OAuthFlowError);
  const failure = error as OAuthFlowError;
  for (const text of [failure.message, failure.hint, JSON.stringify(failure)]) {
    for (const secret of [redemption.clientSecret, redemption.code, redemption.codeVerifier]) {
      expect(text).not.toContain(secret);
    }
  }
  return failure;
}

describe('googleAuthorizeUrl', () => {
  it('asks for offline Gmail access with consent, the state and an S256 challenge', async () => {
    const url = new URL(await googleAuthorizeUrl(AUTHORIZE, google()));
    expect(url.origin + url.pathname).toBe(`${mock.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: AUTHORIZE.clientId,
      redirect_uri: AUTHORIZE.redirectUri,
      response_type: 'code',
      scope: 'https://mail.google.com/ openid email',
      state: AUTHORIZE.state,
      code_challenge: AUTHORIZE.codeChallenge,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
      login_hint: 'admin@example.com',
    });
    expect(url.href).not.toContain(SETTINGS.clientSecret);
  });
});

describe('redeemGoogleCode', () => {
  it('redeems the code with the verifier for the refresh token, the account, the scopes and the expiry', async () => {
    mock.setIdTokenClaims({ email: 'admin@example.com', email_verified: true });
    // What Google adds for apps in Testing status: their refresh tokens last 7 days.
    mock.amendAnswers((body) => {
      body.refresh_token_expires_in = 604799;
    });
    const redemption = await signIn();
    const now = new Date('2025-06-01T12:00:00Z');

    const grant = await redeemGoogleCode(redemption, google(), { clock: () => now });

    expect(mock.requests.at(-1)).toEqual({
      grantType: 'authorization_code',
      clientId: AUTHORIZE.clientId,
      clientSecret: SETTINGS.clientSecret,
      code: redemption.code,
      codeVerifier: VERIFIER,
      redirectUri: AUTHORIZE.redirectUri,
    });
    expect(grant).toEqual({
      refreshToken: mock.issued.at(-1)?.refreshToken,
      account: 'admin@example.com',
      scopes: ['https://mail.google.com/', 'openid', 'email'],
      obtainedAt: now,
      refreshTokenExpiresAt: new Date('2025-06-08T11:59:59Z'),
    });
  });

  it('leaves out refreshTokenExpiresAt for published apps, whose refresh tokens do not expire', async () => {
    mock.setIdTokenClaims({ email: 'admin@example.com' });
    const grant = await redeemGoogleCode(await signIn(), google());
    expect(grant).not.toHaveProperty('refreshTokenExpiresAt');
    expect(grant.obtainedAt).toBeInstanceOf(Date);
  });

  it('refuses a code redeemed with another verifier (the mock checks PKCE)', async () => {
    const redemption = await signIn();
    const other = 'another-verifier-never-echo-0123456789-abcdefghijklmnopqrstuvw';
    // oauth2-mock-server answers invalid_request here; Google answers invalid_grant "Invalid code verifier".
    const error = await redeemFailure({ ...redemption, codeVerifier: other });
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'invalid_request' });
    expect(error.message).not.toContain(other);
  });

  it('says OAUTH_CLIENT_INVALID for a wrong client secret without repeating it', async () => {
    const redemption = await signIn();
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `Unauthorized ${request.clientSecret} ${request.code}`,
      },
    }));
    const error = await redeemFailure(redemption);
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: 'invalid_client' });
    expect(error.message).toBe('Google did not accept the client ID or client secret (invalid_client).');
    expect(error.hint).toContain('Google Cloud console');
  });

  it('says OAUTH_FAILED "start again" for an expired or used code (invalid_grant)', async () => {
    const redemption = await signIn();
    mock.refuse(() => ({ body: { error: 'invalid_grant', error_description: 'Bad Request' } }));
    const error = await redeemFailure(redemption);
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'invalid_grant' });
    expect(error.hint).toMatch(/^Start again/);
  });

  it('cuts the code and verifier out of an unknown refusal that echoes them', async () => {
    const redemption = await signIn();
    mock.refuse((request) => ({
      body: {
        error: 'invalid_request',
        error_description: `Bad code ${request.code} for ${request.codeVerifier}.`,
      },
    }));
    const error = await redeemFailure(redemption);
    expect(error.code).toBe('OAUTH_FAILED');
    expect(error.message).toBe(
      'Google refused the sign-in (invalid_request: Bad code [redacted] for [redacted].).',
    );
  });

  it('says OAUTH_NO_REFRESH_TOKEN when the answer has no refresh token', async () => {
    mock.setIdTokenClaims({ email: 'admin@example.com' });
    mock.amendAnswers((body) => {
      delete body.refresh_token;
    });
    const error = await redeemFailure(await signIn());
    expect(error.code).toBe('OAUTH_NO_REFRESH_TOKEN');
    expect(error.hint).toContain('myaccount.google.com/permissions');
  });

  it('says OAUTH_ACCESS_DENIED when the admin unticked Gmail access on the consent screen', async () => {
    mock.setIdTokenClaims({ email: 'admin@example.com' });
    mock.amendAnswers((body) => {
      body.scope = 'openid https://www.googleapis.com/auth/userinfo.email';
    });
    const error = await redeemFailure(await signIn());
    expect(error.code).toBe('OAUTH_ACCESS_DENIED');
  });

  it('says OAUTH_FAILED when the ID token names no mailbox', async () => {
    const error = await redeemFailure(await signIn());
    expect(error.code).toBe('OAUTH_FAILED');
    expect(error.message).toContain('did not say which mailbox');
  });
});
