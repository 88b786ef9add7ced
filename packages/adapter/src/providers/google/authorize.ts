import type { AuthorizeRequest } from '../provider.js';
import type { GoogleConfig } from './config.js';
import { googleClient, loadGoogleAuth } from './google-client.js';
import { GOOGLE_SCOPES } from './scopes.js';

/**
 * The URL that sends the admin to Google's sign-in and consent page for a refresh token with Gmail access.
 *
 * @example
 * ```ts
 * const url = await googleAuthorizeUrl({ clientId, clientSecret, redirectUri, state, codeChallenge }, config);
 * ```
 */
export async function googleAuthorizeUrl(request: AuthorizeRequest, config: GoogleConfig): Promise<string> {
  const auth = await loadGoogleAuth();
  return googleClient(auth, request, config).generateAuthUrl({
    // Google issues a refresh token only for offline access, and only when the consent screen was shown:
    // without prompt=consent a second "Get Refresh Token" for the same app would come back without one.
    access_type: 'offline',
    prompt: 'consent',
    scope: [...GOOGLE_SCOPES],
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: auth.CodeChallengeMethod.S256,
    ...(request.loginHint !== undefined && { login_hint: request.loginHint }),
  });
}
