import type { GoogleSettings } from '@smtp-settings/schema';
import { type Credentials, OAuth2Client } from 'google-auth-library';
import { SmtpFailure } from '../smtp/smtp-failure.js';
import { type GoogleProviderOptions, type MintedAccessToken, resolveProviders } from './providers.js';
import { missingRefreshToken, tokenRefused, tokenUnreachable } from './token-failure.js';

// Google documents one hour; used only if a token response ever lacks `expires_in`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * Mints an access token for Gmail SMTP from the saved refresh token through Google's token endpoint.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Google no longer accepts it
 * (`invalid_grant`), `TOKEN_FAILED` for anything else; messages never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await mintGoogleAccessToken(settings, { tokenUrl });
 * ```
 */
export async function mintGoogleAccessToken(
  settings: GoogleSettings,
  options: GoogleProviderOptions = {},
): Promise<MintedAccessToken> {
  const { refreshToken, clientId, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken('Google');
  const { authUrl, tokenUrl, revokeUrl } = resolveProviders({ google: options }).google;
  const client = new OAuth2Client({
    clientId,
    clientSecret,
    endpoints: { oauth2AuthBaseUrl: authUrl, oauth2TokenUrl: tokenUrl, oauth2RevokeUrl: revokeUrl },
  });
  client.setCredentials({ refresh_token: refreshToken });

  let returnedRefreshToken: string | undefined;
  // getAccessToken() overwrites a refresh_token in the response with the one we sent; the 'tokens'
  // event still carries the response as Google sent it, so a rotated token is read here.
  client.on('tokens', (tokens: Credentials) => {
    if (tokens.refresh_token) returnedRefreshToken = tokens.refresh_token;
  });

  let accessToken: string | null | undefined;
  try {
    ({ token: accessToken } = await client.getAccessToken());
  } catch (error) {
    throw googleFailure(error, [clientSecret, refreshToken]);
  }
  if (!accessToken) {
    throw new SmtpFailure('TOKEN_FAILED', 'Google answered without an access token.', { stage: 'auth' });
  }
  const expiry = client.credentials.expiry_date;
  return {
    accessToken,
    expiresAt: new Date(expiry ?? Date.now() + DEFAULT_LIFETIME_MS),
    ...(returnedRefreshToken &&
      returnedRefreshToken !== refreshToken && { refreshToken: returnedRefreshToken }),
  };
}

/** Reads the OAuth error out of a gaxios error without keeping the error, whose `config` holds the request body. */
function googleFailure(error: unknown, secrets: readonly string[]): SmtpFailure {
  const { response, code } = (error ?? {}) as {
    response?: { status?: number; data?: unknown };
    code?: unknown;
  };
  if (!response) return tokenUnreachable('Google', typeof code === 'string' ? code : undefined);
  const data = (typeof response.data === 'object' && response.data) || {};
  const { error: oauthError, error_description: description } = data as Record<string, unknown>;
  const refusal = {
    ...(typeof oauthError === 'string' && { error: oauthError }),
    ...(typeof description === 'string' && { description }),
    ...(response.status !== undefined && { status: response.status }),
  };
  return tokenRefused('Google', refusal, { revoked: oauthError === 'invalid_grant', secrets });
}
