import type { AuthenticationResult } from '@azure/msal-node';
import { withDeadline } from '../deadline.js';
import type { MintedAccessToken, MintRequest } from '../provider.js';
import { accessTokenOf } from './access-token.js';
import type { MicrosoftConfig } from './config.js';
import { microsoftMintFailure } from './mint-failure.js';
import { createMsalApp, credentialsOf, loadMsal } from './msal-app.js';

/**
 * Mints the app's own access token for `scope` with the client credentials grant (MSAL
 * `acquireTokenByClientCredential`) in the settings' tenant: Application sign-in, with no refresh token
 * to read or return; gives up after `config.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_ENDPOINT_UNREACHABLE` (transient) when Microsoft could not be reached or did
 * not answer in time, `TOKEN_FAILED` with the fix for a known AADSTS number otherwise.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await mintApplicationToken(settings, `${config.graph.origin}/.default`, config);
 * ```
 */
export async function mintApplicationToken(
  settings: MintRequest,
  scope: string,
  config: MicrosoftConfig,
): Promise<MintedAccessToken> {
  const msal = await loadMsal();
  let result: AuthenticationResult | null;
  try {
    result = await withDeadline(config.tokenTimeoutMs, (signal) =>
      // A fresh application per mint, as for refresh tokens: the caller's cache decides when to ask again.
      createMsalApp(msal, credentialsOf(settings), config, { signal }).acquireTokenByClientCredential({
        scopes: [scope],
      }),
    );
  } catch (error) {
    throw microsoftMintFailure(error, { scope, fromRefreshToken: false, secrets: [settings.clientSecret] });
  }
  return accessTokenOf(result);
}
