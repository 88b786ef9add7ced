import type { MicrosoftSettings } from '@smtp-settings/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { SmtpFailure } from '../smtp/smtp-failure.js';
import { mintMicrosoftAccessToken } from './microsoft.js';

const SETTINGS: MicrosoftSettings = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'client~Secret.never-echo-1234',
  tenantId: 'contoso.onmicrosoft.com',
  refreshToken: '0.ARefresh-Token-never-echo.xyz',
  fromEmail: 'notifications@contoso.com',
};

let mock: OAuthMock;

beforeAll(async () => {
  mock = await startOAuthMock();
});
afterAll(() => mock.stop());
beforeEach(() => mock.accept());

async function failure(settings: MicrosoftSettings = SETTINGS): Promise<SmtpFailure> {
  const error = await mintMicrosoftAccessToken(settings, mock.microsoftOptions()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('mintMicrosoftAccessToken', () => {
  it('redeems the refresh token for an SMTP.Send access token and returns the rotated refresh token', async () => {
    const before = Date.now();
    const minted = await mintMicrosoftAccessToken(SETTINGS, mock.microsoftOptions());

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
    await mintMicrosoftAccessToken(SETTINGS, { ...mock.microsoftOptions(), smtpScope: scope });
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

  it('says TOKEN_FAILED when the token endpoint cannot be reached', async () => {
    const gone = await startOAuthMock();
    const options = gone.microsoftOptions();
    await gone.stop();
    const error = await mintMicrosoftAccessToken(SETTINGS, options).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOKEN_FAILED', stage: 'auth' });
    expect((error as Error).message).toMatch(/Could not reach the Microsoft token endpoint/);
  });
});
