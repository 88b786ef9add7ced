import type { ServerTextKey } from '@smtp-settings/schema';
import { describeTimeout } from './deadline.js';
import type { Diagnosis, ProviderErrorTable } from './error-table.js';
import type { LibraryFailure, ProviderRefusal } from './library-failure.js';
import { OAuthFlowError } from './oauth-flow-error.js';
import type { ProviderErrorAnswer } from './provider.js';
import { safeDescription } from './token-failure.js';

// Error codes are short tokens; anything else in a callback's query string is not repeated to the admin.
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

const BY_ERROR: Record<string, (table: ProviderErrorTable) => Diagnosis> = {
  access_denied: () => ({
    code: 'OAUTH_ACCESS_DENIED',
    message: 'signIn.accessDenied',
    hint: 'hint.signInAccept',
  }),
  redirect_uri_mismatch: (table) => ({
    code: 'OAUTH_REDIRECT_MISMATCH',
    message: 'signIn.redirectMismatch',
    hint: table.redirectMismatchHint,
  }),
  invalid_client: (table) => ({
    code: 'OAUTH_CLIENT_INVALID',
    message: 'signIn.clientInvalid',
    hint: table.clientInvalidHint,
  }),
  invalid_grant: () => ({
    code: 'OAUTH_FAILED',
    message: 'signIn.grantInvalid',
    hint: 'hint.signInStartAgain',
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
  const { reason } = failure;
  const params = { provider: table.label, ...(reason && { reason }) };
  const providerError = reason && { providerError: reason };
  if (failure.kind === 'unreachable') {
    return new OAuthFlowError('OAUTH_FAILED', reason ? 'signIn.unreachableReason' : 'signIn.unreachable', {
      hint: 'hint.signInReach',
      params,
      ...providerError,
    });
  }
  return new OAuthFlowError('OAUTH_FAILED', reason ? 'signIn.incompleteReason' : 'signIn.incomplete', {
    hint: 'hint.signInCheckApp',
    params,
    ...providerError,
  });
}

/** The failure for a sign-in whose call to the provider did not finish before the deadline (`providers.tokenTimeoutMs`). */
export function timedOutFlowError({ label }: ProviderErrorTable, timeoutMs: number): OAuthFlowError {
  return new OAuthFlowError('OAUTH_FAILED', 'signIn.timedOut', {
    hint: 'hint.signInReachInTime',
    params: { provider: label, timeout: describeTimeout(timeoutMs) },
  });
}

/** The failure for a token answer without a refresh token, which the grant exists to obtain. */
export function noRefreshToken({ label, noRefreshTokenHint }: ProviderErrorTable): OAuthFlowError {
  return new OAuthFlowError('OAUTH_NO_REFRESH_TOKEN', 'signIn.noRefreshToken', {
    hint: noRefreshTokenHint,
    params: { provider: label },
  });
}

/** The failure for a token answer whose ID token names no mailbox to send as. */
export function noAccount({ label }: ProviderErrorTable): OAuthFlowError {
  return new OAuthFlowError('OAUTH_FAILED', 'signIn.noAccount', {
    hint: 'hint.signInMailbox',
    params: { provider: label },
  });
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
    [error, numberName].filter(Boolean).join(', ') || (refusal.status ? `HTTP ${refusal.status}` : '');
  const providerError = numberName || error;
  const known = (number && errorNumbers?.known[number]) || (error && BY_ERROR[error]?.(table));
  if (known) {
    return new OAuthFlowError(known.code, known.message, {
      hint: known.hint,
      params: { provider: table.label, codes, redirectUri },
      ...(providerError && { providerError }),
    });
  }
  const description = refusal.description
    ? safeDescription(withoutLeading(refusal.description, numberName), secrets)
    : '';
  const message: ServerTextKey = codes
    ? description
      ? 'signIn.refusedSaying'
      : 'signIn.refused'
    : description
      ? 'signIn.refusedUnknownSaying'
      : 'signIn.refusedUnknown';
  return new OAuthFlowError('OAUTH_FAILED', message, {
    hint: number !== undefined && errorNumbers ? errorNumbers.unknownHint : 'hint.signInCheckApp',
    params: {
      provider: table.label,
      ...(codes && { codes }),
      ...(description && { description }),
      ...(number !== undefined && { number }),
    },
    ...(providerError && { providerError }),
  });
}

/** The description without the error number it starts with (Microsoft's do), which already stands in the codes. */
function withoutLeading(description: string, numberName: string | undefined): string {
  const text = description.trimStart();
  return numberName && text.startsWith(`${numberName}:`)
    ? text.slice(numberName.length + 1).trimStart()
    : text;
}
