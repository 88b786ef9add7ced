import type { Provider } from '../provider.js';
import { oauthFlowError } from '../sign-in-errors.js';
import { googleAuthorizeUrl } from './authorize.js';
import type { GoogleConfig } from './config.js';
import { GOOGLE_ERRORS } from './errors.js';
import { mintGoogleAccessToken } from './mint.js';
import { GOOGLE_PROFILE } from './profile.js';
import { redeemGoogleCode } from './redeem.js';
import { GOOGLE_SCOPES } from './scopes.js';

/**
 * Google Workspace as a {@link Provider} bound to `config`: sign-in, code redemption and token minting
 * through google-auth-library, which is imported on the first of them.
 *
 * @example
 * ```ts
 * const google = googleProvider(resolveProviderConfigs(options).google);
 * const { accessToken } = await google.mintAccessToken(settings);
 * ```
 */
export function googleProvider(config: GoogleConfig): Provider {
  return {
    ...GOOGLE_PROFILE,
    smtp: config.smtp,
    tokenTimeoutMs: config.tokenTimeoutMs,
    scopes: GOOGLE_SCOPES,
    authorizeUrl: (request) => googleAuthorizeUrl(request, config),
    redeem: (redemption, options) => redeemGoogleCode(redemption, config, options),
    mintAccessToken: (settings) => mintGoogleAccessToken(settings, config),
    callbackError: (answer, redirectUri) => oauthFlowError(GOOGLE_ERRORS, answer, redirectUri),
  };
}
