import type { GoogleSettings } from '@smtp-settings/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { SmtpFailure } from '../smtp/smtp-failure.js';
import { mintGoogleAccessToken } from './google.js';

const SETTINGS: GoogleSettings = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '1//0gRefresh-Token-never-echo',
  fromEmail: 'notifications@example.com',
};

let mock: OAuthMock;

beforeAll(async () => {
  mock = await startOAuthMock({ rotateRefreshToken: false });
});
afterAll(() => mock.stop());
beforeEach(() => mock.accept());

async function failure(settings: GoogleSettings = SETTINGS): Promise<SmtpFailure> {
  const error = await mintGoogleAccessToken(settings, mock.googleOptions()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('mintGoogleAccessToken', () => {
  it('redeems the refresh token at the configured token endpoint', async () => {
    const before = Date.now();
    const minted = await mintGoogleAccessToken(SETTINGS, mock.googleOptions());

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
      const minted = await mintGoogleAccessToken(SETTINGS, rotating.googleOptions());
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
  });
});
