import type { ProviderErrorTable } from '../error-table.js';
import { OAuthFlowError } from '../oauth-flow-error.js';
import { GOOGLE_PROFILE } from './profile.js';

/** Google's sign-in and token errors: the fixes in the Google Cloud console and in the account's settings. */
export const GOOGLE_ERRORS: ProviderErrorTable = {
  label: GOOGLE_PROFILE.label,
  clientInvalidHint: 'hint.signInClientGoogle',
  tokenFailedHint: 'hint.tokenFailedGoogle',
  redirectMismatchHint: 'hint.signInRedirectGoogle',
  noRefreshTokenHint: 'hint.signInRefreshGoogle',
};

/** The failure for a grant without the mail scope, which the admin can untick on Google's consent screen. */
export function scopeDeclined(): OAuthFlowError {
  return new OAuthFlowError('OAUTH_ACCESS_DENIED', 'signIn.scopeDeclined', {
    hint: 'hint.signInAllowMail',
    params: { provider: GOOGLE_ERRORS.label },
  });
}
