import type { ServerTextKey } from '@smtp-settings/schema';
import type { Diagnosis, ProviderErrorTable } from '../error-table.js';
import type { LibraryFailure, ProviderRefusal } from '../library-failure.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import { libraryFlowError } from '../sign-in-errors.js';
import { MICROSOFT_PROFILE } from './profile.js';

const TENANT_RESOLUTION_ERRORS = new Set(['endpoints_resolution_error', 'openid_config_error']);

const TENANT_UNKNOWN: Diagnosis = {
  code: 'OAUTH_TENANT_INVALID',
  message: 'signIn.tenantUnknown',
  hint: 'hint.signInTenant',
};

// Looked up before `error`: Microsoft's `error` is generic (`invalid_request`, `invalid_client`) and
// only the AADSTS number says which fix applies.
const BY_AADSTS: Record<string, Diagnosis> = {
  50194: { code: 'OAUTH_TENANT_INVALID', message: 'signIn.singleTenant', hint: 'hint.signInNotCommon' },
  90002: TENANT_UNKNOWN,
  900023: TENANT_UNKNOWN,
  7000215: { code: 'OAUTH_CLIENT_INVALID', message: 'signIn.secretRefused', hint: 'hint.signInSecretValue' },
  7000222: { code: 'OAUTH_CLIENT_INVALID', message: 'signIn.secretExpired', hint: 'hint.signInNewSecret' },
  700016: { code: 'OAUTH_CLIENT_INVALID', message: 'signIn.appUnknown', hint: 'hint.signInClientId' },
  50011: {
    code: 'OAUTH_REDIRECT_MISMATCH',
    message: 'signIn.redirectUnlisted',
    hint: 'hint.signInRedirectMicrosoft',
  },
};

// When minting fails, the fix of a known refusal; the rest get `tokenFailedHint`. Client credentials meet
// most of them: the app's own grant has no sign-in page that would have caught them first.
const TOKEN_HINTS_BY_AADSTS: Record<string, ServerTextKey> = {
  7000215: 'hint.signInSecretValue',
  7000222: 'hint.signInNewSecret',
  700016: 'hint.signInClientId',
  90002: 'hint.signInTenant',
  500011: 'hint.appTokenResource',
  1002012: 'hint.appTokenScope',
  70011: 'hint.appTokenScope',
  700027: 'hint.appTokenUnauthorized',
};

/** The fix for a refusal to mint an access token, by its AADSTS number and then its OAuth `error`, if one is known. */
export function microsoftTokenHint(refusal: ProviderRefusal): ServerTextKey | undefined {
  const byNumber = refusal.errorNumber !== undefined ? TOKEN_HINTS_BY_AADSTS[refusal.errorNumber] : undefined;
  return byNumber ?? (refusal.error === 'unauthorized_client' ? 'hint.appTokenUnauthorized' : undefined);
}

/** Microsoft's sign-in and token errors: the fixes in the Entra admin center, and the AADSTS numbers that choose them. */
export const MICROSOFT_ERRORS: ProviderErrorTable = {
  label: MICROSOFT_PROFILE.label,
  clientInvalidHint: 'hint.signInClientMicrosoft',
  tokenFailedHint: 'hint.tokenFailedMicrosoft',
  redirectMismatchHint: 'hint.signInRedirectMicrosoft',
  noRefreshTokenHint: 'hint.signInRefreshMicrosoft',
  errorNumbers: {
    name: (number) => `AADSTS${number}`,
    find: (description) => /AADSTS(\d+)/.exec(description)?.[1],
    known: BY_AADSTS,
    unknownHint: 'hint.signInCheckAppCode',
  },
};

/**
 * The sign-in failure for what a failed MSAL call said (see `readMsalError`): MSAL failing to load the
 * tenant's configuration is `OAUTH_TENANT_INVALID`, the rest as {@link libraryFlowError} says.
 */
export function microsoftFlowError(
  failure: LibraryFailure,
  redirectUri: string,
  secrets: readonly (string | undefined)[],
): OAuthFlowError {
  // MSAL reports a tenant its authority does not know (AADSTS90002 on the OpenID configuration) with the
  // same code as an unreachable authority, dropping the answer; a mistyped Tenant ID is the likelier cause.
  if (failure.kind !== 'refused' && failure.reason && TENANT_RESOLUTION_ERRORS.has(failure.reason)) {
    return new OAuthFlowError('OAUTH_TENANT_INVALID', 'signIn.tenantUnloadable', {
      hint: 'hint.signInTenantReach',
      params: { reason: failure.reason },
      providerError: failure.reason,
    });
  }
  return libraryFlowError(MICROSOFT_ERRORS, failure, redirectUri, secrets);
}
