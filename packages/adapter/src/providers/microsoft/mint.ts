import type { AuthenticationResult } from '@azure/msal-node';
import { withDeadline } from '../deadline.js';
import type { MintedAccessToken, MintRequest } from '../provider.js';
import { missingRefreshToken } from '../token-failure.js';
import { accessTokenOf } from './access-token.js';
import type { MicrosoftConfig } from './config.js';
import { MICROSOFT_ERRORS } from './errors.js';
import { mintApplicationToken } from './mint-application.js';
import { microsoftMintFailure } from './mint-failure.js';
import { createMsalApp, credentialsOf, loadMsal, refreshTokenInCache } from './msal-app.js';
import { mintScope } from './scopes.js';

/**
 * Mints an access token for the settings' sending method through MSAL: for Application sign-in from the
 * client credentials alone (see `mintApplicationToken`), otherwise from the saved refresh token, returning
 * the rotated refresh token Microsoft issues with it; gives up after `config.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when a delegated sign-in has no refresh token or Microsoft no longer
 * accepts it (`invalid_grant`, AADSTS70000/70008/700082/50173), `TOKEN_ENDPOINT_UNREACHABLE` (transient)
 * when Microsoft could not be reached or did not answer in time, `TOKEN_FAILED` for anything else, with
 * the fix for a known AADSTS number; messages never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, refreshToken } = await mintMicrosoftAccessToken(settings, config);
 * if (refreshToken) await saveRotated(refreshToken);
 * ```
 */
export async function mintMicrosoftAccessToken(
  settings: MintRequest,
  config: MicrosoftConfig,
): Promise<MintedAccessToken> {
  const scope = mintScope(settings, config);
  if (settings.signIn === 'application') return mintApplicationToken(settings, scope, config);

  const { refreshToken, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken(MICROSOFT_ERRORS);
  const msal = await loadMsal();
  let minted: { result: AuthenticationResult | null; cache: string };
  try {
    minted = await withDeadline(config.tokenTimeoutMs, async (signal) => {
      // A fresh application per mint: its token cache then holds exactly this grant's refresh token.
      const app = createMsalApp(msal, credentialsOf(settings), config, { signal });
      // forceCache: MSAL otherwise skips caching the response, as the account is not in this fresh cache.
      const result = await app.acquireTokenByRefreshToken({
        refreshToken,
        scopes: [scope],
        forceCache: true,
      });
      return { result, cache: app.getTokenCache().serialize() };
    });
  } catch (error) {
    throw microsoftMintFailure(error, {
      scope,
      fromRefreshToken: true,
      secrets: [clientSecret, refreshToken],
    });
  }
  const token = accessTokenOf(minted.result);
  // MSAL never returns the refresh token it received: it keeps it in its token cache, so the rotated
  // one is read from there, or the old one would be stored until it expires.
  const rotated = refreshTokenInCache(minted.cache);
  return {
    ...token,
    ...(rotated && rotated !== refreshToken && { refreshToken: rotated }),
  };
}
