import type { MicrosoftSettings } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OAuthMock, startOAuthMock } from '../../../test/oauth-mock-fixture.js';
import { type StallingServer, startStallingServer } from '../../../test/stalling-server.js';
import { SmtpFailure } from '../../failures/smtp-failure.js';
import type { MintRequest } from '../provider.js';
import { resolveProviderConfigs } from '../resolve-providers.js';
import type { MicrosoftConfig, MicrosoftProviderOptions } from './config.js';
import { mintMicrosoftAccessToken } from './mint.js';

const APPLICATION: MicrosoftSettings = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'client~Secret.never-echo-1234',
  tenantId: 'contoso.onmicrosoft.com',
  signIn: 'application',
  fromEmail: 'notifications@contoso.com',
};
const GRAPH_ORIGIN = 'https://graph.microsoft.com';
const TIMEOUT_MS = 300;
const SLACK_MS = 1500;

let mock: OAuthMock;
beforeAll(async () => {
  mock = await startOAuthMock();
});
afterAll(() => mock.stop());
beforeEach(() => mock.accept());

const microsoft = (options: MicrosoftProviderOptions = {}): MicrosoftConfig =>
  resolveProviderConfigs({ microsoft: { ...mock.microsoftOptions(), ...options } }).microsoft;

async function failure(settings: MintRequest = APPLICATION, config = microsoft()): Promise<SmtpFailure> {
  const error = await mintMicrosoftAccessToken(settings, config).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpFailure);
  const failed = error as SmtpFailure;
  for (const text of [failed.message, failed.hint, JSON.stringify(failed)]) {
    expect(text).not.toContain(APPLICATION.clientSecret);
  }
  return failed;
}

describe('minting by sending method and sign-in', () => {
  it('mints an SMTP token for Application sign-in with client credentials and the SMTP app scope', async () => {
    const before = Date.now();
    const minted = await mintMicrosoftAccessToken(APPLICATION, microsoft());
    const request = mock.requests.at(-1);
    expect(request).toMatchObject({
      grantType: 'client_credentials',
      clientId: APPLICATION.clientId,
      clientSecret: APPLICATION.clientSecret,
    });
    expect(request?.refreshToken).toBeUndefined();
    expect(request?.scope?.split(' ')).toContain('https://outlook.office365.com/.default');
    expect(request?.scope).not.toContain('SMTP.Send');
    expect(minted.accessToken).toBe(mock.latestAccessToken());
    expect(minted.refreshToken).toBeUndefined();
    expect(minted.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3500_000);
  });

  it('ignores a refresh token kept with Application sign-in', async () => {
    await mintMicrosoftAccessToken({ ...APPLICATION, refreshToken: 'stale-refresh-token' }, microsoft());
    expect(mock.requests.at(-1)).toMatchObject({ grantType: 'client_credentials' });
    expect(mock.requests.at(-1)?.refreshToken).toBeUndefined();
  });

  it('asks for the configured SMTP app scope, e.g. for a national cloud', async () => {
    await mintMicrosoftAccessToken(
      APPLICATION,
      microsoft({ smtpAppScope: 'https://outlook.office365.us/.default' }),
    );
    expect(mock.requests.at(-1)?.scope?.split(' ')).toContain('https://outlook.office365.us/.default');
  });

  it("mints a Graph token for Application sign-in with the Graph origin's .default scope", async () => {
    await mintMicrosoftAccessToken({ ...APPLICATION, sendingMethod: 'graph' }, microsoft());
    const request = mock.requests.at(-1);
    expect(request?.grantType).toBe('client_credentials');
    expect(request?.scope?.split(' ')).toContain(`${GRAPH_ORIGIN}/.default`);
  });

  it('mints a Graph token from the refresh token with Mail.Send for delegated sign-in', async () => {
    const { signIn: _, ...delegated } = APPLICATION;
    const minted = await mintMicrosoftAccessToken(
      { ...delegated, sendingMethod: 'graph', refreshToken: '0.ARefresh-Token' },
      microsoft({ graph: { origin: 'https://graph.microsoft.us' } }),
    );
    const request = mock.requests.at(-1);
    expect(request).toMatchObject({ grantType: 'refresh_token', refreshToken: '0.ARefresh-Token' });
    expect(request?.scope?.split(' ')).toContain('https://graph.microsoft.us/Mail.Send');
    expect(minted.refreshToken).toBe(mock.issued.at(-1)?.refreshToken);
  });
});

describe('refusals of the client credentials grant', () => {
  /** Answers every token request the way Entra ID refuses client credentials. */
  const refuseWith = (error: string, number: number, description: string, status = 400) =>
    mock.refuse((request) => ({
      status,
      body: {
        error,
        // Entra ID may echo what it was sent; the secret must never reach a message.
        error_description: `AADSTS${number}: ${description} (${request.clientSecret})\r\nTrace ID: 1`,
        error_codes: [number],
      },
    }));

  it.each([
    [
      'invalid_client',
      7000215,
      'Invalid client secret provided.',
      "Paste the secret's Value, not its Secret ID, from Certificates & secrets in the app registration into Client secret.",
    ],
    [
      'invalid_client',
      7000222,
      'The provided client secret keys for app are expired.',
      'Create a new client secret under Certificates & secrets in the app registration and paste its Value into Client secret.',
    ],
    [
      'unauthorized_client',
      700016,
      "Application with identifier '6f1c2a34' was not found in the directory 'contoso'.",
      "Check the Client ID (Application ID) and Tenant ID against the app registration's Overview page.",
    ],
    [
      'invalid_request',
      90002,
      "Tenant 'contoso.onmicrosoft.co' not found.",
      "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com, in Tenant ID.",
    ],
    [
      'invalid_resource',
      500011,
      'The resource principal named https://outlook.office365.com was not found in the tenant named contoso.',
      'Microsoft found no service for https://outlook.office365.com/.default in this tenant',
    ],
    [
      'invalid_scope',
      1002012,
      'The provided value for scope x is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      'Microsoft refused the scope https://outlook.office365.com/.default',
    ],
    [
      'invalid_scope',
      70011,
      "The provided value for the input parameter 'scope' is not valid.",
      'Microsoft refused the scope https://outlook.office365.com/.default',
    ],
    [
      'invalid_client',
      700027,
      'Client assertion failed signature validation.',
      'Microsoft does not let this app get tokens on its own',
    ],
  ])('says TOKEN_FAILED with the fix for %s AADSTS%s', async (error, number, description, hint) => {
    refuseWith(error, number, description, error === 'invalid_client' ? 401 : 400);
    const failed = await failure();
    expect(failed).toMatchObject({ code: 'TOKEN_FAILED', stage: 'auth', transient: false });
    expect(failed.message).toContain(`${error}, AADSTS${number}`);
    expect(failed.message).not.toContain('Trace ID');
    expect(failed.hint).toContain(hint);
    expect(mock.requests.at(-1)?.grantType).toBe('client_credentials');
  });

  it('says TOKEN_FAILED with the fix for unauthorized_client without a known number', async () => {
    mock.refuse(() => ({ body: { error: 'unauthorized_client', error_description: 'Not allowed.' } }));
    const failed = await failure();
    expect(failed.code).toBe('TOKEN_FAILED');
    expect(failed.hint).toMatch(/^Microsoft does not let this app get tokens on its own/);
  });

  it('never says TOKEN_REVOKED: there is no refresh token to revoke', async () => {
    refuseWith('invalid_grant', 70000, 'The provided value for the input parameter is not valid.');
    expect((await failure()).code).toBe('TOKEN_FAILED');
  });

  it('says TOKEN_ENDPOINT_UNREACHABLE, transient, when the token endpoint cannot be reached', async () => {
    const gone = await startOAuthMock();
    const config = resolveProviderConfigs({ microsoft: gone.microsoftOptions() }).microsoft;
    await gone.stop();
    const failed = await failure(APPLICATION, config);
    expect(failed).toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE', stage: 'auth', transient: true });
  });

  describe('a token endpoint that never answers', () => {
    let stalling: StallingServer;
    beforeEach(async () => {
      stalling = await startStallingServer();
    });
    afterEach(() => stalling.close());

    it('gives up after tokenTimeoutMs with TOKEN_ENDPOINT_UNREACHABLE, transient', async () => {
      const { authorityMetadata, ...options } = mock.microsoftOptions();
      const metadata = { ...JSON.parse(authorityMetadata ?? '{}'), token_endpoint: `${stalling.url}/token` };
      const config = resolveProviderConfigs({
        microsoft: { ...options, authorityMetadata: JSON.stringify(metadata) },
        tokenTimeoutMs: TIMEOUT_MS,
      }).microsoft;
      const started = performance.now();
      const failed = await failure(APPLICATION, config);
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(failed).toMatchObject({
        code: 'TOKEN_ENDPOINT_UNREACHABLE',
        transient: true,
        message: `The Microsoft token endpoint did not answer within ${TIMEOUT_MS} ms.`,
      });
      expect(stalling.stalled).toBe(1);
    });
  });
});
