import type { ProviderErrorTable } from '../error-table.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import { AGAIN } from '../sign-in-errors.js';
import { GOOGLE_PROFILE } from './profile.js';

/** Google's sign-in and token errors: the fixes in the Google Cloud console and in the account's settings. */
export const GOOGLE_ERRORS: ProviderErrorTable = {
  label: GOOGLE_PROFILE.label,
  clientInvalidHint:
    'Copy the Client ID and Client secret of the OAuth client (type "Web application") from APIs & Services → Credentials in the Google Cloud console.',
  tokenFailedHint: 'hint.tokenFailedGoogle',
  redirectMismatchHint: (redirectUri) =>
    `Add the Fallback URL ${redirectUri} to Authorized redirect URIs of the OAuth client under APIs & Services → Credentials in the Google Cloud console.`,
  noRefreshTokenHint: `Remove the app's access at https://myaccount.google.com/permissions, then ${AGAIN}.`,
};

/** The failure for a grant without the mail scope, which the admin can untick on Google's consent screen. */
export function scopeDeclined(): OAuthFlowError {
  return new OAuthFlowError(
    'OAUTH_ACCESS_DENIED',
    `${GOOGLE_ERRORS.label} signed in without permission to send mail, which SMTP needs.`,
    { hint: 'Click "Get Refresh Token" again and allow the app to read, compose and send your email.' },
  );
}
