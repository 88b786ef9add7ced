import type { Provider } from '../provider.js';
import { oauthFlowError } from '../sign-in-errors.js';
import { microsoftAuthorizeUrl } from './authorize.js';
import type { MicrosoftConfig } from './config.js';
import { MICROSOFT_ERRORS } from './errors.js';
import { mintMicrosoftAccessToken } from './mint.js';
import { MICROSOFT_PROFILE } from './profile.js';
import { redeemMicrosoftCode } from './redeem.js';
import { microsoftScopes } from './scopes.js';

/**
 * Microsoft 365 (Entra ID) as a {@link Provider} bound to `config`: sign-in, code redemption and token
 * minting through MSAL, which is imported on the first of them.
 *
 * @example
 * ```ts
 * const microsoft = microsoftProvider(resolveProviderConfigs(options).microsoft);
 * const { accessToken, refreshToken } = await microsoft.mintAccessToken(settings);
 * ```
 */
export function microsoftProvider(config: MicrosoftConfig): Provider {
  return {
    ...MICROSOFT_PROFILE,
    smtp: config.smtp,
    graph: config.graph,
    tokenTimeoutMs: config.tokenTimeoutMs,
    scopes: microsoftScopes(config),
    authorizeUrl: (request) => microsoftAuthorizeUrl(request, config),
    redeem: (redemption, options) => redeemMicrosoftCode(redemption, config, options),
    mintAccessToken: (settings) => mintMicrosoftAccessToken(settings, config),
    callbackError: (answer, redirectUri) => oauthFlowError(MICROSOFT_ERRORS, answer, redirectUri),
  };
}
