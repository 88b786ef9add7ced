import type { Credentials } from 'google-auth-library';
import type { SmtpFailure } from '../../failures/smtp-failure.js';
import { DeadlineExceededError, withDeadline } from '../deadline.js';
import type { MintedAccessToken, MintRequest } from '../provider.js';
import {
  missingRefreshToken,
  tokenFailed,
  tokenRefused,
  tokenTimedOut,
  tokenUnreachable,
} from '../token-failure.js';
import type { GoogleConfig } from './config.js';
import { GOOGLE_ERRORS } from './errors.js';
import { readGaxiosError } from './gaxios-errors.js';
import { googleClient, loadGoogleAuth } from './google-client.js';

// Google documents one hour; used only if a token response ever lacks `expires_in`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * Mints an access token for Gmail SMTP from the saved refresh token through Google's token endpoint;
 * gives up after `config.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Google no longer accepts it
 * (`invalid_grant`), `TOKEN_ENDPOINT_UNREACHABLE` (transient) when Google could not be reached or did not
 * answer in time, `TOKEN_FAILED` for anything else; messages never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await mintGoogleAccessToken(settings, config);
 * ```
 */
export async function mintGoogleAccessToken(
  settings: MintRequest,
  config: GoogleConfig,
): Promise<MintedAccessToken> {
  const { refreshToken, clientId, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken(GOOGLE_ERRORS);

  const auth = await loadGoogleAuth();
  let returnedRefreshToken: string | undefined;
  let minted: { accessToken: string | null | undefined; expiry: number | null | undefined };
  try {
    minted = await withDeadline(config.tokenTimeoutMs, async (signal) => {
      const client = googleClient(auth, { clientId, clientSecret }, config, signal);
      client.setCredentials({ refresh_token: refreshToken });
      // getAccessToken() overwrites a refresh_token in the response with the one we sent; the 'tokens'
      // event still carries the response as Google sent it, so a rotated token is read here.
      client.on('tokens', (tokens: Credentials) => {
        if (tokens.refresh_token) returnedRefreshToken = tokens.refresh_token;
      });
      const { token } = await client.getAccessToken();
      return { accessToken: token, expiry: client.credentials.expiry_date };
    });
  } catch (error) {
    throw googleFailure(error, [clientSecret, refreshToken]);
  }
  if (!minted.accessToken) throw tokenFailed(GOOGLE_ERRORS, 'failure.noAccessTokenIn', {});
  return {
    accessToken: minted.accessToken,
    expiresAt: new Date(minted.expiry ?? Date.now() + DEFAULT_LIFETIME_MS),
    ...(returnedRefreshToken &&
      returnedRefreshToken !== refreshToken && { refreshToken: returnedRefreshToken }),
  };
}

/** The minting failure for a gaxios error, built from the parts of its answer that are safe to repeat. */
function googleFailure(error: unknown, secrets: readonly string[]): SmtpFailure {
  if (error instanceof DeadlineExceededError) return tokenTimedOut(GOOGLE_ERRORS, error.timeoutMs);
  const failure = readGaxiosError(error);
  if (failure.kind !== 'refused') return tokenUnreachable(GOOGLE_ERRORS, failure.reason);
  const revoked = failure.refusal.error === 'invalid_grant';
  return tokenRefused(GOOGLE_ERRORS, failure.refusal, { revoked, secrets });
}
