import { describeTimeout } from './deadline.js';
import type { Diagnosis, ProviderErrorTable } from './error-table.js';
import type { LibraryFailure, ProviderRefusal } from './library-failure.js';
import { OAuthFlowError } from './oauth-flow-error.js';
import type { ProviderErrorAnswer } from './provider.js';
import { safeDescription } from './token-failure.js';

/** The step that ends most fixes: start the sign-in over. */
export const AGAIN = 'click "Get Refresh Token" again';
// Error codes are short tokens; anything else in a callback's query string is not repeated to the admin.
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

const BY_ERROR: Record<string, (table: ProviderErrorTable, redirectUri: string) => Diagnosis> = {
  access_denied: ({ label }) => ({
    code: 'OAUTH_ACCESS_DENIED',
    message: `The ${label} sign-in was cancelled or the permissions were declined`,
    hint: `To connect the mailbox, ${AGAIN} and accept the requested permissions.`,
  }),
  redirect_uri_mismatch: (table, redirectUri) => ({
    code: 'OAUTH_REDIRECT_MISMATCH',
    message: "The OAuth client does not list this server's redirect URI",
    hint: table.redirectMismatchHint(redirectUri),
  }),
  invalid_client: ({ label, clientInvalidHint }) => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: `${label} did not accept the client ID or client secret`,
    hint: clientInvalidHint,
  }),
  invalid_grant: ({ label }) => ({
    code: 'OAUTH_FAILED',
    message: `${label} no longer accepts this sign-in: it took too long or was already completed`,
    hint: `Start again: ${AGAIN}.`,
  }),
};

/**
 * Maps the `error` / `error_description` a provider sent to the callback, or its token endpoint answered
 * with, to an {@link OAuthFlowError} with a fix; values of `secrets` never reach its message.
 *
 * @example
 * ```ts
 * if (query.error) throw oauthFlowError(MICROSOFT_ERRORS, { error: query.error, error_description: query.error_description }, redirectUri);
 * ```
 */
export function oauthFlowError(
  table: ProviderErrorTable,
  answer: ProviderErrorAnswer,
  redirectUri: string,
  secrets: readonly (string | undefined)[] = [],
): OAuthFlowError {
  const description = answer.error_description;
  const errorNumber = description !== undefined ? table.errorNumbers?.find(description) : undefined;
  return refusalError(
    table,
    {
      error: answer.error,
      ...(errorNumber !== undefined && { errorNumber }),
      ...(description !== undefined && { description }),
    },
    redirectUri,
    secrets,
  );
}

/**
 * Maps what a failed MSAL or google-auth-library call said (see `readMsalError` / `readGaxiosError`) to an
 * {@link OAuthFlowError}: a provider's refusal through {@link oauthFlowError}'s table, network and other
 * library failures to `OAUTH_FAILED`.
 */
export function libraryFlowError(
  table: ProviderErrorTable,
  failure: LibraryFailure,
  redirectUri: string,
  secrets: readonly (string | undefined)[],
): OAuthFlowError {
  if (failure.kind === 'refused') return refusalError(table, failure.refusal, redirectUri, secrets);
  const { label } = table;
  const reason = failure.reason ? ` (${failure.reason})` : '';
  const providerError = failure.reason && { providerError: failure.reason };
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
export function timedOutFlowError({ label }: ProviderErrorTable, timeoutMs: number): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `Could not reach ${label}'s sign-in service in time: it did not answer within ${describeTimeout(timeoutMs)}.`,
    {
      hint: `Check that this server can reach ${label} (network connection, proxy, firewall), then ${AGAIN}.`,
    },
  );
}

/** The failure for a token answer without a refresh token, which the grant exists to obtain. */
export function noRefreshToken({ label, noRefreshTokenHint }: ProviderErrorTable): OAuthFlowError {
  return new OAuthFlowError('OAUTH_NO_REFRESH_TOKEN', `${label} signed in but issued no refresh token.`, {
    hint: noRefreshTokenHint,
  });
}

/** The failure for a token answer whose ID token names no mailbox to send as. */
export function noAccount({ label }: ProviderErrorTable): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `${label} signed in but did not say which mailbox (no email or user name in the ID token).`,
    { hint: `Sign in with a mailbox account, then ${AGAIN}.` },
  );
}

/** Builds the error for a provider's refusal: its own error number first, then `error`, then the provider's own words. */
function refusalError(
  table: ProviderErrorTable,
  refusal: ProviderRefusal,
  redirectUri: string,
  secrets: readonly (string | undefined)[],
): OAuthFlowError {
  const { errorNumbers } = table;
  const error = refusal.error && ERROR_CODE.test(refusal.error) ? refusal.error : undefined;
  const number =
    errorNumbers && refusal.errorNumber && /^\d{1,9}$/.test(refusal.errorNumber)
      ? refusal.errorNumber
      : undefined;
  const numberName = number && errorNumbers?.name(number);
  const codes =
    [error, numberName].filter(Boolean).join(', ') ||
    (refusal.status ? `HTTP ${refusal.status}` : 'unknown error');
  const providerError = numberName || error;
  const known =
    (number && errorNumbers?.known[number]?.(redirectUri)) ||
    (error && BY_ERROR[error]?.(table, redirectUri));
  if (known) {
    return new OAuthFlowError(known.code, `${known.message} (${codes}).`, {
      hint: known.hint,
      ...(providerError && { providerError }),
    });
  }
  const description = refusal.description
    ? safeDescription(withoutLeading(refusal.description, numberName), secrets)
    : '';
  const lookup = number !== undefined && errorNumbers ? ` ${errorNumbers.explain(number)}` : '';
  return new OAuthFlowError(
    'OAUTH_FAILED',
    `${table.label} refused the sign-in (${[codes, description].filter(Boolean).join(': ')}).`,
    {
      hint: `Check the app registration's settings, then ${AGAIN}.${lookup}`,
      ...(providerError && { providerError }),
    },
  );
}

/** The description without the error number it starts with (Microsoft's do), which already stands in the codes. */
function withoutLeading(description: string, numberName: string | undefined): string {
  const text = description.trimStart();
  return numberName && text.startsWith(`${numberName}:`)
    ? text.slice(numberName.length + 1).trimStart()
    : text;
}
