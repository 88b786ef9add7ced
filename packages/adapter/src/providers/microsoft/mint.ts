import { type AuthenticationResult, ResponseMode } from '@azure/msal-node';
import type { MicrosoftSettings } from '@smtp-settings/schema';
import type { SmtpFailure } from '../failures/smtp-failure.js';
import type { AuthorizeRequest, CodeRedemption, OAuthGrant, RedemptionOptions } from './authorization.js';
import { DeadlineExceededError, withDeadline } from './deadline.js';
import { accountFromClaims } from './id-token.js';
import { readMsalError } from './library-errors.js';
import { captureTokenCache, createMsalApp, type MsalCredentials, refreshTokenInCache } from './msal-app.js';
import { libraryFlowError, noAccount, noRefreshToken, timedOutFlowError } from './provider-errors.js';
import type { MicrosoftProvider, MintedAccessToken } from './providers.js';
import {
  missingRefreshToken,
  tokenFailed,
  tokenRefused,
  tokenTimedOut,
  tokenUnreachable,
} from './token-failure.js';

// Expired (70008, 700082), revoked or password changed (50173), unusable grant (70000).
const REVOKED_ERROR_NUMBERS = new Set(['70000', '70008', '700082', '50173']);
// Microsoft documents 60-90 minutes; used only if a result ever lacks `expiresOn`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;

/**
 * Mints an access token for Microsoft 365 SMTP from the saved refresh token through MSAL, and returns
 * the rotated refresh token Microsoft issues with it; gives up after `provider.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Microsoft no longer accepts it
 * (`invalid_grant`, AADSTS70000/70008/700082/50173), `TOKEN_ENDPOINT_UNREACHABLE` (transient) when
 * Microsoft could not be reached or did not answer in time, `TOKEN_FAILED` for anything else; messages
 * never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt, refreshToken } = await mintMicrosoftAccessToken(settings, providers.microsoft);
 * if (refreshToken) await saveRotated(refreshToken);
 * ```
 */
export async function mintMicrosoftAccessToken(
  settings: MicrosoftSettings,
  provider: MicrosoftProvider,
): Promise<MintedAccessToken> {
  const { refreshToken, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken('Microsoft');

  let minted: { result: AuthenticationResult | null; cache: string };
  try {
    minted = await withDeadline(provider.tokenTimeoutMs, async (signal) => {
      // A fresh application per mint: its token cache then holds exactly this grant's refresh token.
      const app = createMsalApp(settings, provider, { signal });
      // forceCache: MSAL otherwise skips caching the response, as the account is not in this fresh cache.
      const result = await app.acquireTokenByRefreshToken({
        refreshToken,
        scopes: [provider.smtpScope],
        forceCache: true,
      });
      return { result, cache: app.getTokenCache().serialize() };
    });
  } catch (error) {
    throw microsoftFailure(error, [clientSecret, refreshToken]);
  }
  const { result } = minted;
  if (!result?.accessToken) throw tokenFailed('Microsoft', 'Microsoft answered without an access token.');
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
  if (error instanceof DeadlineExceededError) return tokenTimedOut('Microsoft', error.timeoutMs);
  const failure = readMsalError(error);
  if (failure.kind === 'unreachable') return tokenUnreachable('Microsoft', failure.reason);
  if (failure.kind === 'client') {
    return tokenFailed('Microsoft', `MSAL could not request a token from Microsoft (${failure.reason}).`);
  }
  const { error: code, errorNumber } = failure.refusal;
  const revoked =
    code === 'invalid_grant' || (errorNumber !== undefined && REVOKED_ERROR_NUMBERS.has(errorNumber));
  return tokenRefused('Microsoft', failure.refusal, { revoked, secrets });
}

/** The scopes "Get Refresh Token" asks Microsoft for: the provider's SMTP scope, a refresh token and the signed-in mailbox. */
export function microsoftScopes(provider: MicrosoftProvider): string[] {
  return [provider.smtpScope, 'offline_access', 'openid', 'email', 'profile'];
}

/**
 * The URL that sends the admin to Microsoft's sign-in and consent page; asynchronous because MSAL first
 * loads the tenant's OpenID configuration, so an unknown tenant fails here, before the admin leaves.
 *
 * @throws OAuthFlowError `OAUTH_TENANT_INVALID` when the authority has no configuration for the tenant,
 * `OAUTH_FAILED` when it did not answer within `provider.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const url = await microsoftAuthorizeUrl({ clientId, clientSecret, tenantId, redirectUri, state, codeChallenge }, providers.microsoft);
 * ```
 */
export async function microsoftAuthorizeUrl(
  request: AuthorizeRequest,
  provider: MicrosoftProvider,
): Promise<string> {
  try {
    return await withDeadline(provider.tokenTimeoutMs, (signal) =>
      createMsalApp(credentialsOf(request), provider, { signal }).getAuthCodeUrl({
        scopes: microsoftScopes(provider),
        redirectUri: request.redirectUri,
        state: request.state,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: 'S256',
        responseMode: ResponseMode.QUERY,
        // select_account lets the admin pick the mailbox instead of silently reusing the browser's session;
        // Entra ID refuses it together with a login hint (MSAL then drops the hint), so a hint replaces it.
        // Never prompt=consent: it asks users who may not consent for admin approval even after admin consent.
        ...(request.loginHint ? { loginHint: request.loginHint } : { prompt: 'select_account' }),
      }),
    );
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError('microsoft', error.timeoutMs);
    throw libraryFlowError('microsoft', readMsalError(error), request.redirectUri, [request.clientSecret]);
  }
}

/**
 * Redeems the authorization code from Microsoft's callback for a refresh token and the signed-in mailbox.
 *
 * @throws OAuthFlowError mapped from Microsoft's answer (see `oauthFlowError`), `OAUTH_NO_REFRESH_TOKEN`
 * when none was issued (no `offline_access`), `OAUTH_FAILED` when Microsoft did not answer within
 * `provider.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const { refreshToken, account } = await redeemMicrosoftCode({ clientId, clientSecret, tenantId, redirectUri, code, codeVerifier }, providers.microsoft);
 * ```
 */
export async function redeemMicrosoftCode(
  redemption: CodeRedemption,
  provider: MicrosoftProvider,
  { clock = () => new Date() }: RedemptionOptions = {},
): Promise<OAuthGrant> {
  const { code, codeVerifier, redirectUri } = redemption;
  const cache = captureTokenCache();
  let result: AuthenticationResult;
  try {
    result = await withDeadline(provider.tokenTimeoutMs, (signal) =>
      createMsalApp(credentialsOf(redemption), provider, {
        signal,
        cachePlugin: cache.plugin,
      }).acquireTokenByCode({
        code,
        codeVerifier,
        redirectUri,
        scopes: microsoftScopes(provider),
      }),
    );
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError('microsoft', error.timeoutMs);
    throw libraryFlowError('microsoft', readMsalError(error), redirectUri, [
      redemption.clientSecret,
      code,
      codeVerifier,
    ]);
  }
  const obtainedAt = clock();
  // MSAL keeps refresh tokens out of its results on purpose (it wants to refresh silently from its own
  // cache); a cache plugin is its supported way to see what it stored, so the token is read from there.
  const refreshToken = refreshTokenInCache(cache.serialized());
  if (!refreshToken) throw noRefreshToken('microsoft');
  const account = accountFromClaims(result.idTokenClaims as Record<string, unknown>);
  if (!account) throw noAccount('microsoft');
  return { refreshToken, account, scopes: result.scopes, obtainedAt };
}

/** The MSAL credentials of a request; without a tenant, `common` takes multi-tenant and personal accounts. */
function credentialsOf({
  clientId,
  clientSecret,
  tenantId,
}: AuthorizeRequest | CodeRedemption): MsalCredentials {
  return { clientId, clientSecret, tenantId: tenantId?.trim() || 'common' };
}
