import type { AuthenticationResult } from '@azure/msal-node';
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
import type { MicrosoftConfig } from './config.js';
import { MICROSOFT_ERRORS } from './errors.js';
import { createMsalApp, credentialsOf, loadMsal, refreshTokenInCache } from './msal-app.js';
import { readMsalError } from './msal-errors.js';

// Expired (70008, 700082), revoked or password changed (50173), unusable grant (70000).
const REVOKED_ERROR_NUMBERS = new Set(['70000', '70008', '700082', '50173']);
// Microsoft documents 60-90 minutes; used only if a result ever lacks `expiresOn`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * Mints an access token for Microsoft 365 SMTP from the saved refresh token through MSAL, and returns
 * the rotated refresh token Microsoft issues with it; gives up after `config.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Microsoft no longer accepts it
 * (`invalid_grant`, AADSTS70000/70008/700082/50173), `TOKEN_ENDPOINT_UNREACHABLE` (transient) when
 * Microsoft could not be reached or did not answer in time, `TOKEN_FAILED` for anything else; messages
 * never hold a secret.
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
        scopes: [config.smtpScope],
        forceCache: true,
      });
      return { result, cache: app.getTokenCache().serialize() };
    });
  } catch (error) {
    throw microsoftFailure(error, [clientSecret, refreshToken]);
  }
  const { result } = minted;
  if (!result?.accessToken) throw tokenFailed(MICROSOFT_ERRORS, 'failure.noAccessTokenIn', {});
  // MSAL never returns the refresh token it received: it keeps it in its token cache, so the rotated
  // one is read from there, or the old one would be stored until it expires.
  const rotated = refreshTokenInCache(minted.cache);
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn ?? new Date(Date.now() + DEFAULT_LIFETIME_MS),
    ...(rotated && rotated !== refreshToken && { refreshToken: rotated }),
  };
}

/** The minting failure for an MSAL error, built from the parts of its answer that are safe to repeat. */
function microsoftFailure(error: unknown, secrets: readonly string[]): SmtpFailure {
  if (error instanceof DeadlineExceededError) return tokenTimedOut(MICROSOFT_ERRORS, error.timeoutMs);
  const failure = readMsalError(error);
  if (failure.kind === 'unreachable') return tokenUnreachable(MICROSOFT_ERRORS, failure.reason);
  if (failure.kind === 'client') {
    return tokenFailed(MICROSOFT_ERRORS, 'failure.msalFailed', { reason: failure.reason ?? 'error' });
  }
  const { error: code, errorNumber } = failure.refusal;
  const revoked =
    code === 'invalid_grant' || (errorNumber !== undefined && REVOKED_ERROR_NUMBERS.has(errorNumber));
  return tokenRefused(MICROSOFT_ERRORS, failure.refusal, { revoked, secrets });
}
