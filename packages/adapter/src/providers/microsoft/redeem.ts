import type { AuthenticationResult } from '@azure/msal-node';
import { DeadlineExceededError, withDeadline } from '../deadline.js';
import { accountFromClaims } from '../id-token.js';
import type { CodeRedemption, OAuthGrant, RedemptionOptions } from '../provider.js';
import { noAccount, noRefreshToken, timedOutFlowError } from '../sign-in-errors.js';
import type { MicrosoftConfig } from './config.js';
import { MICROSOFT_ERRORS, microsoftFlowError } from './errors.js';
import {
  captureTokenCache,
  createMsalApp,
  credentialsOf,
  loadMsal,
  refreshTokenInCache,
} from './msal-app.js';
import { readMsalError } from './msal-errors.js';
import { microsoftScopes } from './scopes.js';

/**
 * Redeems the authorization code from Microsoft's callback for a refresh token and the signed-in mailbox.
 *
 * @throws OAuthFlowError mapped from Microsoft's answer (see `oauthFlowError`), `OAUTH_NO_REFRESH_TOKEN`
 * when none was issued (no `offline_access`), `OAUTH_FAILED` when Microsoft did not answer within
 * `config.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const { refreshToken, account } = await redeemMicrosoftCode({ clientId, clientSecret, tenantId, redirectUri, code, codeVerifier }, config);
 * ```
 */
export async function redeemMicrosoftCode(
  redemption: CodeRedemption,
  config: MicrosoftConfig,
  { clock = () => new Date() }: RedemptionOptions = {},
): Promise<OAuthGrant> {
  const { code, codeVerifier, redirectUri } = redemption;
  const msal = await loadMsal();
  const cache = captureTokenCache();
  let result: AuthenticationResult;
  try {
    result = await withDeadline(config.tokenTimeoutMs, (signal) =>
      createMsalApp(msal, credentialsOf(redemption), config, {
        signal,
        cachePlugin: cache.plugin,
      }).acquireTokenByCode({
        code,
        codeVerifier,
        redirectUri,
        scopes: microsoftScopes(config, redemption.sendingMethod),
      }),
    );
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError(MICROSOFT_ERRORS, error.timeoutMs);
    throw microsoftFlowError(readMsalError(error), redirectUri, [
      redemption.clientSecret,
      code,
      codeVerifier,
    ]);
  }
  const obtainedAt = clock();
  // MSAL keeps refresh tokens out of its results on purpose (it wants to refresh silently from its own
  // cache); a cache plugin is its supported way to see what it stored, so the token is read from there.
  const refreshToken = refreshTokenInCache(cache.serialized());
  if (!refreshToken) throw noRefreshToken(MICROSOFT_ERRORS);
  const account = accountFromClaims(result.idTokenClaims as Record<string, unknown>);
  if (!account) throw noAccount(MICROSOFT_ERRORS);
  return { refreshToken, account, scopes: result.scopes, obtainedAt };
}
