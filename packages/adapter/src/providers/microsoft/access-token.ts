import type { AuthenticationResult } from '@azure/msal-node';
import type { MintedAccessToken } from '../provider.js';
import { tokenFailed } from '../token-failure.js';
import { MICROSOFT_ERRORS } from './errors.js';

// Microsoft documents 60-90 minutes; used only if a result ever lacks `expiresOn`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * The access token of an MSAL result and when it stops working.
 *
 * @throws SmtpFailure `TOKEN_FAILED` when Microsoft answered without one.
 */
export function accessTokenOf(result: AuthenticationResult | null): Omit<MintedAccessToken, 'refreshToken'> {
  if (!result?.accessToken) throw tokenFailed(MICROSOFT_ERRORS, 'failure.noAccessTokenIn', {});
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn ?? new Date(Date.now() + DEFAULT_LIFETIME_MS),
  };
}
