import type { Credentials } from 'google-auth-library';
import { DeadlineExceededError, withDeadline } from '../deadline.js';
import { accountFromClaims, idTokenClaims } from '../id-token.js';
import type { CodeRedemption, OAuthGrant, RedemptionOptions } from '../provider.js';
import { libraryFlowError, noAccount, noRefreshToken, timedOutFlowError } from '../sign-in-errors.js';
import type { GoogleConfig } from './config.js';
import { GOOGLE_ERRORS, scopeDeclined } from './errors.js';
import { readGaxiosError } from './gaxios-errors.js';
import { googleClient, loadGoogleAuth } from './google-client.js';
import { GMAIL_SCOPE, GOOGLE_SCOPES } from './scopes.js';

/**
 * Redeems the authorization code from Google's callback for a refresh token and the signed-in mailbox.
 *
 * @throws OAuthFlowError mapped from Google's answer (see `oauthFlowError`); `OAUTH_NO_REFRESH_TOKEN` when
 * Google sent none, `OAUTH_ACCESS_DENIED` when the admin unticked Gmail access on the consent screen,
 * `OAUTH_FAILED` when Google did not answer within `config.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const { refreshToken, account } = await redeemGoogleCode({ clientId, clientSecret, redirectUri, code, codeVerifier }, config);
 * ```
 */
export async function redeemGoogleCode(
  redemption: CodeRedemption,
  config: GoogleConfig,
  { clock = () => new Date() }: RedemptionOptions = {},
): Promise<OAuthGrant> {
  const { code, codeVerifier, redirectUri } = redemption;
  const auth = await loadGoogleAuth();
  // `refresh_token_expires_in` is not in the library's type, but it passes the answer through.
  let tokens: Credentials & { refresh_token_expires_in?: unknown };
  try {
    ({ tokens } = await withDeadline(config.tokenTimeoutMs, (signal) =>
      googleClient(auth, redemption, config, signal).getToken({
        code,
        codeVerifier,
        redirect_uri: redirectUri,
      }),
    ));
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError(GOOGLE_ERRORS, error.timeoutMs);
    throw libraryFlowError(GOOGLE_ERRORS, readGaxiosError(error), redirectUri, [
      redemption.clientSecret,
      code,
      codeVerifier,
    ]);
  }
  const obtainedAt = clock();
  if (!tokens.refresh_token) throw noRefreshToken(GOOGLE_ERRORS);
  const account = accountFromClaims(idTokenClaims(tokens.id_token));
  if (!account) throw noAccount(GOOGLE_ERRORS);
  // With granular consent the admin can untick Gmail; the token would then fail at the first send.
  const scopes = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [...GOOGLE_SCOPES];
  if (!scopes.includes(GMAIL_SCOPE)) throw scopeDeclined();
  const lifetime = Number(tokens.refresh_token_expires_in);
  return {
    refreshToken: tokens.refresh_token,
    account,
    scopes,
    obtainedAt,
    ...(Number.isFinite(lifetime) &&
      lifetime > 0 && { refreshTokenExpiresAt: new Date(obtainedAt.getTime() + lifetime * 1000) }),
  };
}
