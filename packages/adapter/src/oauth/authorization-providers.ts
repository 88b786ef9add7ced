import type { OAuthProvider } from '@smtp-settings/schema';
import type { AuthorizeRequest, CodeRedemption, OAuthFlowError, OAuthGrant } from './authorization.js';
import { googleAuthorizeUrl, redeemGoogleCode } from './google.js';
import { microsoftAuthorizeUrl, redeemMicrosoftCode } from './microsoft.js';
import { oauthFlowError } from './provider-errors.js';
import type { ResolvedProviders } from './providers.js';

/** One provider's half of "Get Refresh Token", bound to its configured endpoints. */
export interface AuthorizationProvider {
  /** The URL that sends the admin to sign in and consent. */
  authorizeUrl(request: AuthorizeRequest): Promise<string>;
  /** Redeems the callback's code for a refresh token and the signed-in account. */
  redeem(redemption: CodeRedemption): Promise<OAuthGrant>;
  /** Turns the `error` a provider sent to the callback into a failure with a fix. */
  callbackError(error: { error: string; error_description?: string }, redirectUri: string): OAuthFlowError;
}

/** Both providers' halves of "Get Refresh Token". */
export type AuthorizationProviders = Record<OAuthProvider, AuthorizationProvider>;

/** Binds each provider's authorization functions to its resolved endpoints. */
export function authorizationProviders(providers: ResolvedProviders): AuthorizationProviders {
  return {
    microsoft: {
      authorizeUrl: (request) => microsoftAuthorizeUrl(request, providers.microsoft),
      redeem: (redemption) => redeemMicrosoftCode(redemption, providers.microsoft),
      callbackError: (error, redirectUri) => oauthFlowError('microsoft', error, redirectUri),
    },
    google: {
      authorizeUrl: async (request) => googleAuthorizeUrl(request, providers.google),
      redeem: (redemption) => redeemGoogleCode(redemption, providers.google),
      callbackError: (error, redirectUri) => oauthFlowError('google', error, redirectUri),
    },
  };
}
