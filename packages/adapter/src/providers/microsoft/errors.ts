import type { Diagnosis, ProviderErrorTable } from '../error-table.js';
import type { LibraryFailure } from '../library-failure.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import { AGAIN, libraryFlowError } from '../sign-in-errors.js';
import { MICROSOFT_PROFILE } from './profile.js';

const TENANT_HINT =
  "Enter the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com, in Tenant ID.";
const TENANT_RESOLUTION_ERRORS = new Set(['endpoints_resolution_error', 'openid_config_error']);
const registerRedirectUri = (redirectUri: string) =>
  `Register the Fallback URL ${redirectUri} as a redirect URI of the Web platform under Authentication in the app registration.`;

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
    hint: registerRedirectUri(redirectUri),
  }),
};

/** Microsoft's sign-in and token errors: the fixes in the Entra admin center, and the AADSTS numbers that choose them. */
export const MICROSOFT_ERRORS: ProviderErrorTable = {
  label: MICROSOFT_PROFILE.label,
  clientInvalidHint:
    "Check the Client ID on the app registration's Overview page and paste a current secret's Value from Certificates & secrets.",
  tokenFailedHint: 'hint.tokenFailedMicrosoft',
  redirectMismatchHint: registerRedirectUri,
  noRefreshTokenHint: `Make sure the app registration may request offline_access, then ${AGAIN}.`,
  errorNumbers: {
    name: (number) => `AADSTS${number}`,
    find: (description) => /AADSTS(\d+)/.exec(description)?.[1],
    known: BY_AADSTS,
    explain: (number) =>
      `Microsoft explains the code at https://login.microsoftonline.com/error?code=${number}.`,
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
    return new OAuthFlowError(
      'OAUTH_TENANT_INVALID',
      `Microsoft could not load the tenant's sign-in settings (${failure.reason}).`,
      {
        hint: `${TENANT_HINT} If it is right, check that this server can reach Microsoft's sign-in service.`,
        providerError: failure.reason,
      },
    );
  }
  return libraryFlowError(MICROSOFT_ERRORS, failure, redirectUri, secrets);
}
