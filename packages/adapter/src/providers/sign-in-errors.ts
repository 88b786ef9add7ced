import type { OAuthErrorCode, OAuthProvider } from '@smtp-settings/schema';
import { OAuthFlowError } from './authorization.js';
import { describeTimeout } from './deadline.js';
import type { LibraryFailure } from './library-errors.js';
import { type ProviderRefusal, safeDescription } from './token-failure.js';

/** The `error` and `error_description` a provider sends to the callback or answers from its token endpoint. */
export interface ProviderErrorAnswer {
  /** The OAuth error code, e.g. `access_denied` or `invalid_client`. */
  error: string;
  /** The provider's explanation; Microsoft's starts with the AADSTS number. */
  error_description?: string;
}

interface Diagnosis {
  code: OAuthErrorCode;
  /** Without the final period: the provider's codes follow in parentheses. */
  message: string;
  hint: string;
}

const LABEL = { microsoft: 'Microsoft', google: 'Google' } as const satisfies Record<OAuthProvider, string>;
const AGAIN = 'click "Get Refresh Token" again';
const TENANT_RESOLUTION_ERRORS = new Set(['endpoints_resolution_error', 'openid_config_error']);
// Error codes are short tokens; anything else in a callback's query string is not repeated to the admin.
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

const TENANT_HINT =
  "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com, in Tenant ID.";
const tenantNotFound = (): Diagnosis => ({
  code: 'OAUTH_TENANT_INVALID',
  message: 'Microsoft does not know this tenant',
  hint: TENANT_HINT,
});

// Looked up before `error`: Microsoft's `error` is generic (`invalid_request`, `invalid_client`) and
// only the AADSTS number says which fix applies.
const BY_AADSTS: Record<string, (redirectUri: string) => Diagnosis> = {
  50194: () => ({
    code: 'OAUTH_TENANT_INVALID',
    message:
      'The app registration is single-tenant, so it cannot sign in through the shared "common" endpoint',
    hint: 'Enter the Directory (tenant) ID from the app registration\'s Overview page in Tenant ID, not "common".',
  }),
  90002: tenantNotFound,
  900023: tenantNotFound,
  7000215: () => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: 'Microsoft did not accept the client secret',
    hint: "Paste the secret's Value, not its Secret ID, from Certificates & secrets in the app registration into Client secret.",
  }),
  7000222: () => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: 'The client secret has expired',
    hint: 'Create a new client secret under Certificates & secrets in the app registration and paste its Value into Client secret.',
  }),
  700016: () => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: 'Microsoft found no application with this Client ID in the tenant',
    hint: "Check the Client ID (Application ID) and Tenant ID against the app registration's Overview page.",
  }),
  50011: (redirectUri) => ({
    code: 'OAUTH_REDIRECT_MISMATCH',
    message: "The app registration does not list this server's redirect URI",
    hint: `Register the Fallback URL ${redirectUri} as a redirect URI of the Web platform under Authentication in the app registration.`,
  }),
};

const BY_ERROR: Record<string, (provider: OAuthProvider, redirectUri: string) => Diagnosis> = {
  access_denied: (provider) => ({
    code: 'OAUTH_ACCESS_DENIED',
    message: `The ${LABEL[provider]} sign-in was cancelled or the permissions were declined`,
    hint: `To connect the mailbox, ${AGAIN} and accept the requested permissions.`,
  }),
  redirect_uri_mismatch: (_provider, redirectUri) => ({
    code: 'OAUTH_REDIRECT_MISMATCH',
    message: "The OAuth client does not list this server's redirect URI",
    hint: `Add the Fallback URL ${redirectUri} to Authorized redirect URIs of the OAuth client under APIs & Services → Credentials in the Google Cloud console.`,
  }),
  invalid_client: (provider) => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: `${LABEL[provider]} did not accept the client ID or client secret`,
    hint:
      provider === 'google'
        ? 'Copy the Client ID and Client secret of the OAuth client (type "Web application") from APIs & Services → Credentials in the Google Cloud console.'
        : "Check the Client ID on the app registration's Overview page and paste a current secret's Value from Certificates & secrets.",
  }),
  invalid_grant: (provider) => ({
    code: 'OAUTH_FAILED',
    message: `${LABEL[provider]} no longer accepts this sign-in: it took too long or was already completed`,
    hint: `Start again: ${AGAIN}.`,
  }),
};

/**
 * Maps the `error` / `error_description` a provider sent to the callback, or its token endpoint answered
 * with, to an {@link OAuthFlowError} with a fix; values of `secrets` never reach its message.
 *
 * @example
 * ```ts
 * if (query.error) throw oauthFlowError('microsoft', { error: query.error, error_description: query.error_description }, redirectUri);
 * ```
 */
export function oauthFlowError(
  provider: OAuthProvider,
  answer: ProviderErrorAnswer,
  redirectUri: string,
  secrets: readonly (string | undefined)[] = [],
): OAuthFlowError {
  const description = answer.error_description;
  return refusalError(
    provider,
    {
      error: answer.error,
      ...(provider === 'microsoft' && { errorNumber: /AADSTS(\d+)/.exec(description ?? '')?.[1] }),
      ...(description !== undefined && { description }),
    },
    redirectUri,
    secrets,
  );
}

/**
 * Maps what a failed MSAL or google-auth-library call said (see `readMsalError` / `readGaxiosError`) to an
 * {@link OAuthFlowError}: a provider's refusal through {@link oauthFlowError}'s table, MSAL failing to load
 * the tenant's configuration to `OAUTH_TENANT_INVALID`, network and other library failures to `OAUTH_FAILED`.
 */
export function libraryFlowError(
  provider: OAuthProvider,
  failure: LibraryFailure,
  redirectUri: string,
  secrets: readonly (string | undefined)[],
): OAuthFlowError {
  if (failure.kind === 'refused') return refusalError(provider, failure.refusal, redirectUri, secrets);
  const label = LABEL[provider];
  const reason = failure.reason ? ` (${failure.reason})` : '';
  const providerError = failure.reason && { providerError: failure.reason };
  // MSAL reports a tenant its authority does not know (AADSTS90002 on the OpenID configuration) with the
  // same code as an unreachable authority, dropping the answer; a mistyped Tenant ID is the likelier cause.
  if (provider === 'microsoft' && failure.reason && TENANT_RESOLUTION_ERRORS.has(failure.reason)) {
    return new OAuthFlowError(
      'OAUTH_TENANT_INVALID',
      `Microsoft could not load the tenant's sign-in settings${reason}.`,
      {
        hint: `${TENANT_HINT} If it is right, check that this server can reach Microsoft's sign-in service.`,
        ...providerError,
      },
    );
  }
  if (failure.kind === 'unreachable') {
    return new OAuthFlowError('OAUTH_FAILED', `Could not reach ${label}'s sign-in service${reason}.`, {
      hint: `Check that this server can reach ${label} (proxy, firewall, DNS), then ${AGAIN}.`,
      ...providerError,
    });
  }
  return new OAuthFlowError('OAUTH_FAILED', `The ${label} sign-in could not be completed${reason}.`, {
    hint: `Check the app registration's settings, then ${AGAIN}.`,
    ...providerError,
  });
}

/** The failure for a sign-in whose call to the provider did not finish before the deadline (`providers.tokenTimeoutMs`). */
export function timedOutFlowError(provider: OAuthProvider, timeoutMs: number): OAuthFlowError {
  const label = LABEL[provider];
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `Could not reach ${label}'s sign-in service in time: it did not answer within ${describeTimeout(timeoutMs)}.`,
    {
      hint: `Check that this server can reach ${label} (network connection, proxy, firewall), then ${AGAIN}.`,
    },
  );
}

/** The failure for a token answer without a refresh token, which the grant exists to obtain. */
export function noRefreshToken(provider: OAuthProvider): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_NO_REFRESH_TOKEN',
    `${LABEL[provider]} signed in but issued no refresh token.`,
    {
      hint:
        provider === 'google'
          ? `Remove the app's access at https://myaccount.google.com/permissions, then ${AGAIN}.`
          : `Make sure the app registration may request offline_access, then ${AGAIN}.`,
    },
  );
}

/** The failure for a token answer whose ID token names no mailbox to send as. */
export function noAccount(provider: OAuthProvider): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `${LABEL[provider]} signed in but did not say which mailbox (no email or user name in the ID token).`,
    { hint: `Sign in with a mailbox account, then ${AGAIN}.` },
  );
}

/** The failure for a grant without the mail scope, which the admin can untick on Google's consent screen. */
export function scopeDeclined(provider: OAuthProvider): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_ACCESS_DENIED',
    `${LABEL[provider]} signed in without permission to send mail, which SMTP needs.`,
    { hint: 'Click "Get Refresh Token" again and allow the app to read, compose and send your email.' },
  );
}

/** Builds the error for a provider's refusal: AADSTS number first, then `error`, then the provider's own words. */
function refusalError(
  provider: OAuthProvider,
  refusal: ProviderRefusal,
  redirectUri: string,
  secrets: readonly (string | undefined)[],
): OAuthFlowError {
  const error = refusal.error && ERROR_CODE.test(refusal.error) ? refusal.error : undefined;
  const number =
    refusal.errorNumber && /^\d{1,9}$/.test(refusal.errorNumber) ? refusal.errorNumber : undefined;
  const aadsts = number && `AADSTS${number}`;
  const codes =
    [error, aadsts].filter(Boolean).join(', ') ||
    (refusal.status ? `HTTP ${refusal.status}` : 'unknown error');
  const providerError = aadsts || error;
  const known =
    (number && BY_AADSTS[number]?.(redirectUri)) || (error && BY_ERROR[error]?.(provider, redirectUri));
  if (known) {
    return new OAuthFlowError(known.code, `${known.message} (${codes}).`, {
      hint: known.hint,
      ...(providerError && { providerError }),
    });
  }
  // The AADSTS number already stands in the codes; Microsoft's description repeats it first.
  const description = refusal.description
    ? safeDescription(refusal.description.replace(/^\s*AADSTS\d+:\s*/, ''), secrets)
    : '';
  const lookup =
    number !== undefined
      ? ` Microsoft explains the code at https://login.microsoftonline.com/error?code=${number}.`
      : '';
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `${LABEL[provider]} refused the sign-in (${[codes, description].filter(Boolean).join(': ')}).`,
    {
      hint: `Check the app registration's settings, then ${AGAIN}.${lookup}`,
      ...(providerError && { providerError }),
    },
  );
}
