import type { GoogleSettings } from '@smtp-settings/schema';
import { CodeChallengeMethod, type Credentials, OAuth2Client } from 'google-auth-library';
import type { SmtpFailure } from '../failures/smtp-failure.js';
import type { AuthorizeRequest, CodeRedemption, OAuthGrant, RedemptionOptions } from './authorization.js';
import { DeadlineExceededError, withDeadline } from './deadline.js';
import { accountFromClaims, idTokenClaims } from './id-token.js';
import { readGaxiosError } from './library-errors.js';
import {
  libraryFlowError,
  noAccount,
  noRefreshToken,
  scopeDeclined,
  timedOutFlowError,
} from './provider-errors.js';
import type { GoogleProvider, MintedAccessToken } from './providers.js';
import {
  missingRefreshToken,
  tokenFailed,
  tokenRefused,
  tokenTimedOut,
  tokenUnreachable,
} from './token-failure.js';

// Google documents one hour; used only if a token response ever lacks `expires_in`.
const DEFAULT_LIFETIME_MS = 3600 * 1000;
// SMTP accepts no narrower Gmail scope than full mail access.
const GMAIL_SCOPE = 'https://mail.google.com/';

/** The scopes "Get Refresh Token" asks Google for: Gmail over SMTP, and the signed-in address. */
export const GOOGLE_SCOPES: readonly string[] = [GMAIL_SCOPE, 'openid', 'email'];

/**
 * Mints an access token for Gmail SMTP from the saved refresh token through Google's token endpoint;
 * gives up after `provider.tokenTimeoutMs`.
 *
 * @throws SmtpFailure `TOKEN_REVOKED` when there is no refresh token or Google no longer accepts it
 * (`invalid_grant`), `TOKEN_ENDPOINT_UNREACHABLE` (transient) when Google could not be reached or did not
 * answer in time, `TOKEN_FAILED` for anything else; messages never hold a secret.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt } = await mintGoogleAccessToken(settings, providers.google);
 * ```
 */
export async function mintGoogleAccessToken(
  settings: GoogleSettings,
  provider: GoogleProvider,
): Promise<MintedAccessToken> {
  const { refreshToken, clientId, clientSecret } = settings;
  if (!refreshToken) throw missingRefreshToken('Google');

  let returnedRefreshToken: string | undefined;
  let minted: { accessToken: string | null | undefined; expiry: number | null | undefined };
  try {
    minted = await withDeadline(provider.tokenTimeoutMs, async (signal) => {
      const client = googleClient({ clientId, clientSecret }, provider, signal);
      client.setCredentials({ refresh_token: refreshToken });
      // getAccessToken() overwrites a refresh_token in the response with the one we sent; the 'tokens'
      // event still carries the response as Google sent it, so a rotated token is read here.
      client.on('tokens', (tokens: Credentials) => {
        if (tokens.refresh_token) returnedRefreshToken = tokens.refresh_token;
      });
      const { token } = await client.getAccessToken();
      return { accessToken: token, expiry: client.credentials.expiry_date };
    });
  } catch (error) {
    throw googleFailure(error, [clientSecret, refreshToken]);
  }
  if (!minted.accessToken) throw tokenFailed('Google', 'Google answered without an access token.');
  return {
    accessToken: minted.accessToken,
    expiresAt: new Date(minted.expiry ?? Date.now() + DEFAULT_LIFETIME_MS),
    ...(returnedRefreshToken &&
      returnedRefreshToken !== refreshToken && { refreshToken: returnedRefreshToken }),
  };
}

/** The minting failure for a gaxios error, built from the parts of its answer that are safe to repeat. */
function googleFailure(error: unknown, secrets: readonly string[]): SmtpFailure {
  if (error instanceof DeadlineExceededError) return tokenTimedOut('Google', error.timeoutMs);
  const failure = readGaxiosError(error);
  if (failure.kind !== 'refused') return tokenUnreachable('Google', failure.reason);
  const revoked = failure.refusal.error === 'invalid_grant';
  return tokenRefused('Google', failure.refusal, { revoked, secrets });
}

/**
 * The URL that sends the admin to Google's sign-in and consent page for a refresh token with Gmail access.
 *
 * @example
 * ```ts
 * const url = googleAuthorizeUrl({ clientId, clientSecret, redirectUri, state, codeChallenge }, providers.google);
 * ```
 */
export function googleAuthorizeUrl(request: AuthorizeRequest, provider: GoogleProvider): string {
  return googleClient(request, provider).generateAuthUrl({
    // Google issues a refresh token only for offline access, and only when the consent screen was shown:
    // without prompt=consent a second "Get Refresh Token" for the same app would come back without one.
    access_type: 'offline',
    prompt: 'consent',
    scope: [...GOOGLE_SCOPES],
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(request.loginHint !== undefined && { login_hint: request.loginHint }),
  });
}

/**
 * Redeems the authorization code from Google's callback for a refresh token and the signed-in mailbox.
 *
 * @throws OAuthFlowError mapped from Google's answer (see `oauthFlowError`); `OAUTH_NO_REFRESH_TOKEN` when
 * Google sent none, `OAUTH_ACCESS_DENIED` when the admin unticked Gmail access on the consent screen,
 * `OAUTH_FAILED` when Google did not answer within `provider.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const { refreshToken, account } = await redeemGoogleCode({ clientId, clientSecret, redirectUri, code, codeVerifier }, providers.google);
 * ```
 */
export async function redeemGoogleCode(
  redemption: CodeRedemption,
  provider: GoogleProvider,
  { clock = () => new Date() }: RedemptionOptions = {},
): Promise<OAuthGrant> {
  const { code, codeVerifier, redirectUri } = redemption;
  // `refresh_token_expires_in` is not in the library's type, but it passes the answer through.
  let tokens: Credentials & { refresh_token_expires_in?: unknown };
  try {
    ({ tokens } = await withDeadline(provider.tokenTimeoutMs, (signal) =>
      googleClient(redemption, provider, signal).getToken({
        code,
        codeVerifier,
        redirect_uri: redirectUri,
      }),
    ));
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError('google', error.timeoutMs);
    throw libraryFlowError('google', readGaxiosError(error), redirectUri, [
      redemption.clientSecret,
      code,
      codeVerifier,
    ]);
  }
  const obtainedAt = clock();
  if (!tokens.refresh_token) throw noRefreshToken('google');
  const account = accountFromClaims(idTokenClaims(tokens.id_token));
  if (!account) throw noAccount('google');
  // With granular consent the admin can untick Gmail; the token would then fail at the first send.
  const scopes = tokens.scope ? tokens.scope.split(' ').filter(Boolean) : [...GOOGLE_SCOPES];
  if (!scopes.includes(GMAIL_SCOPE)) throw scopeDeclined('google');
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

/** An OAuth2Client for the app's credentials at the provider's endpoints; `signal` ends every request it makes. */
function googleClient(
  { clientId, clientSecret, redirectUri }: { clientId: string; clientSecret?: string; redirectUri?: string },
  provider: GoogleProvider,
  signal?: AbortSignal,
): OAuth2Client {
  return new OAuth2Client({
    clientId,
    ...(clientSecret !== undefined && { clientSecret }),
    ...(redirectUri !== undefined && { redirectUri }),
    // gaxios merges these into every request; an aborted signal also stops its retries.
    ...(signal !== undefined && { transporterOptions: { signal } }),
    endpoints: {
      oauth2AuthBaseUrl: provider.authUrl,
      oauth2TokenUrl: provider.tokenUrl,
      oauth2RevokeUrl: provider.revokeUrl,
    },
  });
}
