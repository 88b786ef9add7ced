import { createHash } from 'node:crypto';
import type { INetworkModule, NetworkResponse } from '@azure/msal-node';
import type { MicrosoftSettings } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { expectSocketsBackTo, openSockets } from '../../../test/socket-handles.js';
import { type StallingServer, startStallingServer } from '../../../test/stalling-server.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import type { AuthorizeRequest, CodeRedemption } from '../provider.js';
import { resolveProviderConfigs } from '../resolve-providers.js';
import { microsoftAuthorizeUrl } from './authorize.js';
import type { MicrosoftConfig, MicrosoftProviderOptions } from './config.js';
import { mintMicrosoftAccessToken } from './mint.js';
import { redeemMicrosoftCode } from './redeem.js';

const SETTINGS: MicrosoftSettings = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'client~Secret.never-echo-1234',
  tenantId: 'contoso.onmicrosoft.com',
  refreshToken: '0.ARefresh-Token-never-echo.xyz',
  fromEmail: 'notifications@contoso.com',
};

// Short, so the tests that wait for it are quick; the slack covers a busy machine, not a second try.
const TIMEOUT_MS = 300;
const SLACK_MS = 1500;

let mock: OAuthMock;

beforeAll(async () => {
  mock = await startOAuthMock();
});
afterAll(() => mock.stop());
beforeEach(() => {
  mock.accept();
  mock.setIdTokenClaims({});
  mock.amendAnswers(undefined);
});

async function failure(settings: MicrosoftSettings = SETTINGS): Promise<SmtpFailure> {
  const error = await mintMicrosoftAccessToken(settings, microsoft()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('mintMicrosoftAccessToken', () => {
  it('redeems the refresh token for an SMTP.Send access token and returns the rotated refresh token', async () => {
    const before = Date.now();
    const minted = await mintMicrosoftAccessToken(SETTINGS, microsoft());

    const request = mock.requests.at(-1);
    expect(request).toMatchObject({
      grantType: 'refresh_token',
      refreshToken: SETTINGS.refreshToken,
      clientId: SETTINGS.clientId,
      clientSecret: SETTINGS.clientSecret,
    });
    expect(request?.scope?.split(' ')).toContain('https://outlook.office.com/SMTP.Send');
    expect(minted.accessToken).toBe(mock.latestAccessToken());
    expect(minted.refreshToken).toBe(mock.issued.at(-1)?.refreshToken);
    expect(minted.refreshToken).not.toBe(SETTINGS.refreshToken);
    expect(minted.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3500_000);
  });

  it('asks for the configured scope, e.g. for a national cloud', async () => {
    const scope = 'https://outlook.office365.us/SMTP.Send';
    await mintMicrosoftAccessToken(SETTINGS, microsoft({ smtpScope: scope }));
    expect(mock.requests.at(-1)?.scope?.split(' ')).toContain(scope);
  });

  it('says TOKEN_REVOKED with "Get a refresh token first" when there is none', async () => {
    const requests = mock.requests.length;
    const { refreshToken: _, ...withoutToken } = SETTINGS;
    const error = await failure(withoutToken);
    expect(error.code).toBe('TOKEN_REVOKED');
    expect(error.hint).toBe('Get a refresh token first.');
    expect(mock.requests.length).toBe(requests);
  });

  it.each([
    [
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity.',
    ],
    ['invalid_grant', 700082, 'The refresh token has expired due to inactivity.'],
    ['invalid_grant', 50173, 'The provided grant has expired due to it being revoked.'],
    ['invalid_grant', 70000, 'The provided value for the input parameter is not valid.'],
  ])('says TOKEN_REVOKED for %s AADSTS%s', async (error, number, description) => {
    mock.refuse(() => ({
      body: {
        error,
        error_description: `AADSTS${number}: ${description}\r\nTrace ID: 1\r\nTimestamp: now`,
        error_codes: [number],
      },
    }));
    const failed = await failure();
    expect(failed).toMatchObject({ code: 'TOKEN_REVOKED', stage: 'auth', hint: 'Get a new refresh token.' });
    expect(failed.message).toContain(`AADSTS${number}`);
    expect(failed.message).not.toContain('Trace ID');
  });

  it('says TOKEN_FAILED for a wrong client secret (invalid_client, AADSTS7000215)', async () => {
    mock.refuse(() => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the value.',
        error_codes: [7000215],
      },
    }));
    const failed = await failure();
    expect(failed.code).toBe('TOKEN_FAILED');
    expect(failed.message).toContain('invalid_client');
    expect(failed.message).toContain('AADSTS7000215');
  });

  it('never repeats the client secret or refresh token, even when the provider echoes them', async () => {
    mock.refuse((request) => ({
      body: {
        error: 'invalid_request',
        error_description: `Bad request: client_secret=${request.clientSecret} refresh_token=${request.refreshToken}.`,
      },
    }));
    const failed = await failure();
    expect(failed.code).toBe('TOKEN_FAILED');
    expect(failed.message).toContain('invalid_request');
    for (const text of [failed.message, failed.hint, String(failed.serverReply)]) {
      expect(text).not.toContain(SETTINGS.clientSecret);
      expect(text).not.toContain(SETTINGS.refreshToken);
    }
  });

  it('says TOKEN_ENDPOINT_UNREACHABLE, transient, when the token endpoint cannot be reached', async () => {
    const gone = await startOAuthMock();
    const provider = resolveProviderConfigs({ microsoft: gone.microsoftOptions() }).microsoft;
    await gone.stop();
    const error = await mintMicrosoftAccessToken(SETTINGS, provider).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE', stage: 'auth', transient: true });
    expect((error as Error).message).toMatch(/Could not reach the Microsoft token endpoint/);
    expect((error as SmtpFailure).hint).toMatch(/could not reach Microsoft's token endpoint/);
  });
});

describe('a Microsoft identity platform that accepts the connection and never answers', () => {
  let stalling: StallingServer;
  beforeEach(async () => {
    stalling = await startStallingServer();
  });
  afterEach(() => stalling.close());

  /** The mock's authority, with its token endpoint on the stalling server. */
  const stalledTokenEndpoint = (): MicrosoftConfig => {
    const { authorityMetadata, ...options } = mock.microsoftOptions();
    const metadata = { ...JSON.parse(authorityMetadata ?? '{}'), token_endpoint: `${stalling.url}/token` };
    return resolveProviderConfigs({
      microsoft: { ...options, authorityMetadata: JSON.stringify(metadata) },
      tokenTimeoutMs: TIMEOUT_MS,
    }).microsoft;
  };

  it('gives up minting after tokenTimeoutMs with TOKEN_ENDPOINT_UNREACHABLE and closes the socket', async () => {
    const sockets = openSockets();
    const started = performance.now();
    const error = await mintMicrosoftAccessToken(SETTINGS, stalledTokenEndpoint()).catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(SmtpFailure);
    expect(error).toMatchObject({
      code: 'TOKEN_ENDPOINT_UNREACHABLE',
      stage: 'auth',
      transient: true,
      message: `The Microsoft token endpoint did not answer within ${TIMEOUT_MS} ms.`,
      hint: "This server could not reach Microsoft's token endpoint: check its network connection, proxy and firewall, then try again.",
    });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(stalling.stalled).toBe(1);
    await expectSocketsBackTo(sockets);
    expect(stalling.held).toBe(0);
  });

  it('gives up redeeming the code after tokenTimeoutMs with OAUTH_FAILED "could not reach … in time"', async () => {
    const redemption = await signIn();
    const sockets = openSockets();
    const started = performance.now();
    const error = await redeemMicrosoftCode(redemption, stalledTokenEndpoint()).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect(error).toMatchObject({
      code: 'OAUTH_FAILED',
      message: `Could not reach Microsoft's sign-in service in time: it did not answer within ${TIMEOUT_MS} ms.`,
    });
    await expectSocketsBackTo(sockets);
    expect(stalling.held).toBe(0);
  });

  it("abandons a host's own networkClient that never answers at the deadline", async () => {
    const never = <T>(): Promise<NetworkResponse<T>> => new Promise(() => undefined);
    const networkClient: INetworkModule = { sendGetRequestAsync: never, sendPostRequestAsync: never };
    const provider = resolveProviderConfigs({
      microsoft: { ...mock.microsoftOptions(), networkClient },
      tokenTimeoutMs: TIMEOUT_MS,
    }).microsoft;
    const started = performance.now();
    const error = await mintMicrosoftAccessToken(SETTINGS, provider).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE', transient: true });
  });

  it('gives up building the sign-in URL when the authority stalls its TLS handshake for the OpenID configuration', async () => {
    // No inline metadata: MSAL loads the tenant's OpenID configuration from the https authority itself.
    const provider = resolveProviderConfigs({
      microsoft: {
        authorityHost: `https://localhost:${stalling.port}`,
        knownAuthorities: [`localhost:${stalling.port}`],
      },
      tokenTimeoutMs: TIMEOUT_MS,
    }).microsoft;
    const sockets = openSockets();
    const started = performance.now();
    const error = await microsoftAuthorizeUrl(AUTHORIZE, provider).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(error).toBeInstanceOf(OAuthFlowError);
    // Not OAUTH_TENANT_INVALID, which MSAL's own error for a failed configuration load would suggest.
    expect(error).toMatchObject({ code: 'OAUTH_FAILED' });
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
    expect(stalling.stalled).toBe(1);
    await expectSocketsBackTo(sockets);
    expect(stalling.held).toBe(0);
  });
});

const VERIFIER = 'pkce-verifier-never-echo-0123456789-abcdefghijklmnopqrstuvwxyz';
const AUTHORIZE: AuthorizeRequest = {
  clientId: SETTINGS.clientId,
  clientSecret: SETTINGS.clientSecret,
  tenantId: SETTINGS.tenantId,
  redirectUri: 'https://app.example.com/smtp-settings/oauth/microsoft/callback',
  state: 'flow-1.state-nonce',
  codeChallenge: createHash('sha256').update(VERIFIER).digest('base64url'),
  loginHint: 'admin@contoso.com',
};
// What Entra ID puts in a v2.0 ID token for a work account (the mock adds `sub`, `aud`, `iss`, …).
const CLAIMS = {
  tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
  preferred_username: 'admin@contoso.com',
  name: 'Contoso Admin',
};

const microsoft = (options: MicrosoftProviderOptions = {}): MicrosoftConfig =>
  resolveProviderConfigs({ microsoft: { ...mock.microsoftOptions(), ...options } }).microsoft;

/** Walks the authorize URL to the mock's redirect and returns what the route would redeem. */
async function signIn(): Promise<CodeRedemption> {
  const callback = await followAuthorizeUrl(await microsoftAuthorizeUrl(AUTHORIZE, microsoft()));
  expect(callback.origin + callback.pathname).toBe(AUTHORIZE.redirectUri);
  expect(callback.searchParams.get('state')).toBe(AUTHORIZE.state);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.href}`);
  const { clientId, clientSecret, tenantId, redirectUri } = AUTHORIZE;
  return { clientId, clientSecret, tenantId, redirectUri, code, codeVerifier: VERIFIER };
}

async function redeemFailure(
  redemption: CodeRedemption,
  provider: MicrosoftConfig = microsoft(),
): Promise<OAuthFlowError> {
  const error = await redeemMicrosoftCode(redemption, provider).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OAuthFlowError);
  const failure = error as OAuthFlowError;
  for (const text of [failure.message, failure.hint, JSON.stringify(failure)]) {
    for (const secret of [redemption.clientSecret, redemption.code, redemption.codeVerifier]) {
      expect(text).not.toContain(secret);
    }
  }
  return failure;
}

describe('microsoftAuthorizeUrl', () => {
  it('asks for SMTP.Send, a refresh token and the mailbox with the state and an S256 challenge', async () => {
    const url = new URL(await microsoftAuthorizeUrl(AUTHORIZE, microsoft()));
    expect(url.origin + url.pathname).toBe(`${mock.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: AUTHORIZE.clientId,
      redirect_uri: AUTHORIZE.redirectUri,
      response_type: 'code',
      response_mode: 'query',
      state: AUTHORIZE.state,
      code_challenge: AUTHORIZE.codeChallenge,
      code_challenge_method: 'S256',
      login_hint: 'admin@contoso.com',
    });
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(
      ['email', 'https://outlook.office.com/SMTP.Send', 'offline_access', 'openid', 'profile'].sort(),
    );
    expect(url.href).not.toContain(SETTINGS.clientSecret);
  });

  it('lets the admin pick the account when there is no login hint', async () => {
    const { loginHint: _, ...withoutHint } = AUTHORIZE;
    const url = new URL(await microsoftAuthorizeUrl(withoutHint, microsoft()));
    expect(url.searchParams.get('prompt')).toBe('select_account');
    expect(url.searchParams.has('login_hint')).toBe(false);
  });

  it("asks for the provider's SMTP scope, e.g. for a national cloud", async () => {
    const scope = 'https://outlook.office365.us/SMTP.Send';
    const url = new URL(await microsoftAuthorizeUrl(AUTHORIZE, microsoft({ smtpScope: scope })));
    expect(url.searchParams.get('scope')?.split(' ')).toContain(scope);
  });

  it("asks for Graph's Mail.Send and User.Read instead of SMTP.Send for the Graph sending method", async () => {
    const config = microsoft({ graph: { origin: 'https://graph.microsoft.us' } });
    const url = new URL(await microsoftAuthorizeUrl({ ...AUTHORIZE, sendingMethod: 'graph' }, config));
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual(
      [
        'email',
        'https://graph.microsoft.us/Mail.Send',
        'https://graph.microsoft.us/User.Read',
        'offline_access',
        'openid',
        'profile',
      ].sort(),
    );
  });

  it('says OAUTH_TENANT_INVALID when the authority does not know the tenant (AADSTS90002)', async () => {
    // What login.microsoftonline.com answers for the OpenID configuration of a tenant that does not exist.
    const answer = <T>(): Promise<NetworkResponse<T>> =>
      Promise.resolve({
        headers: {},
        status: 400,
        body: {
          error: 'invalid_tenant',
          error_description: "AADSTS90002: Tenant 'contoso.onmicrosoft.co' not found.",
        } as T,
      });
    const networkClient: INetworkModule = { sendGetRequestAsync: answer, sendPostRequestAsync: answer };
    const { authorityMetadata: _, ...discovering } = mock.microsoftOptions();
    const provider = resolveProviderConfigs({ microsoft: { ...discovering, networkClient } }).microsoft;

    const error = await microsoftAuthorizeUrl(
      { ...AUTHORIZE, tenantId: 'contoso.onmicrosoft.co' },
      provider,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect(error).toMatchObject({
      code: 'OAUTH_TENANT_INVALID',
      providerError: 'endpoints_resolution_error',
    });
    expect((error as OAuthFlowError).hint).toContain('Tenant ID');
  });
});

describe('redeemMicrosoftCode', () => {
  it("redeems the code with the verifier for the refresh token from MSAL's cache, the account and the scopes", async () => {
    mock.setIdTokenClaims(CLAIMS);
    const redemption = await signIn();
    const now = new Date('2025-06-01T12:00:00Z');

    const grant = await redeemMicrosoftCode(redemption, microsoft(), { clock: () => now });

    expect(mock.requests.at(-1)).toMatchObject({
      grantType: 'authorization_code',
      clientId: AUTHORIZE.clientId,
      clientSecret: SETTINGS.clientSecret,
      code: redemption.code,
      codeVerifier: VERIFIER,
      redirectUri: AUTHORIZE.redirectUri,
    });
    expect(grant).toEqual({
      refreshToken: mock.issued.at(-1)?.refreshToken,
      account: 'admin@contoso.com',
      scopes: expect.arrayContaining(['https://outlook.office.com/SMTP.Send', 'offline_access']),
      obtainedAt: now,
    });
  });

  it('redeems a code for the Graph sending method with the Graph scopes it was authorized for', async () => {
    mock.setIdTokenClaims(CLAIMS);
    const url = await microsoftAuthorizeUrl({ ...AUTHORIZE, sendingMethod: 'graph' }, microsoft());
    const code = (await followAuthorizeUrl(url)).searchParams.get('code') ?? '';
    const { clientId, clientSecret, tenantId, redirectUri } = AUTHORIZE;
    const redemption = { clientId, clientSecret, tenantId, redirectUri, code, codeVerifier: VERIFIER };

    const grant = await redeemMicrosoftCode({ ...redemption, sendingMethod: 'graph' }, microsoft());

    const scope = mock.requests.at(-1)?.scope?.split(' ');
    expect(scope).toEqual(
      expect.arrayContaining(['https://graph.microsoft.com/Mail.Send', 'offline_access']),
    );
    expect(scope).not.toContain('https://outlook.office.com/SMTP.Send');
    expect(grant).toMatchObject({
      refreshToken: mock.issued.at(-1)?.refreshToken,
      account: 'admin@contoso.com',
    });
  });

  it('takes the account from `email` before `preferred_username`, and from `upn` last', async () => {
    mock.setIdTokenClaims({ ...CLAIMS, email: 'Sales@Contoso.com' });
    expect((await redeemMicrosoftCode(await signIn(), microsoft())).account).toBe('Sales@Contoso.com');
    mock.setIdTokenClaims({ tid: CLAIMS.tid, upn: 'legacy@contoso.com' });
    expect((await redeemMicrosoftCode(await signIn(), microsoft())).account).toBe('legacy@contoso.com');
  });

  it('refuses a code redeemed with another verifier (the mock checks PKCE)', async () => {
    const redemption = await signIn();
    // oauth2-mock-server answers invalid_request here; Entra ID answers invalid_grant AADSTS501481.
    const error = await redeemFailure({ ...redemption, codeVerifier: `${VERIFIER.slice(0, -1)}0` });
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'invalid_request' });
  });

  it('says OAUTH_CLIENT_INVALID for a wrong client secret (AADSTS7000215) without repeating it', async () => {
    const redemption = await signIn();
    mock.refuse((request) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided: ${request.clientSecret}.\r\nTrace ID: 1`,
        error_codes: [7000215],
      },
    }));
    const error = await redeemFailure(redemption);
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: 'AADSTS7000215' });
    expect(error.message).toBe('Microsoft did not accept the client secret (invalid_client, AADSTS7000215).');
    expect(error.hint).toContain('not its Secret ID');
  });

  it('says OAUTH_NO_REFRESH_TOKEN when the answer has no refresh token', async () => {
    mock.setIdTokenClaims(CLAIMS);
    mock.amendAnswers((body) => {
      delete body.refresh_token;
    });
    const error = await redeemFailure(await signIn());
    expect(error.code).toBe('OAUTH_NO_REFRESH_TOKEN');
  });

  it('says OAUTH_FAILED when the token endpoint cannot be reached', async () => {
    const gone = await startOAuthMock();
    const provider = resolveProviderConfigs({ microsoft: gone.microsoftOptions() }).microsoft;
    await gone.stop();
    const error = await redeemFailure({ ...(await signIn()) }, provider);
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'network_error' });
  });
});
