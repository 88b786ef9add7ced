import { DeadlineExceededError, withDeadline } from '../deadline.js';
import type { AuthorizeRequest } from '../provider.js';
import { timedOutFlowError } from '../sign-in-errors.js';
import type { MicrosoftConfig } from './config.js';
import { MICROSOFT_ERRORS, microsoftFlowError } from './errors.js';
import { createMsalApp, credentialsOf, loadMsal } from './msal-app.js';
import { readMsalError } from './msal-errors.js';
import { microsoftScopes } from './scopes.js';

/**
 * The URL that sends the admin to Microsoft's sign-in and consent page; asynchronous because MSAL first
 * loads the tenant's OpenID configuration, so an unknown tenant fails here, before the admin leaves.
 *
 * @throws OAuthFlowError `OAUTH_TENANT_INVALID` when the authority has no configuration for the tenant,
 * `OAUTH_FAILED` when it did not answer within `config.tokenTimeoutMs`.
 *
 * @example
 * ```ts
 * const url = await microsoftAuthorizeUrl({ clientId, clientSecret, tenantId, redirectUri, state, codeChallenge }, config);
 * ```
 */
export async function microsoftAuthorizeUrl(
  request: AuthorizeRequest,
  config: MicrosoftConfig,
): Promise<string> {
  const msal = await loadMsal();
  try {
    return await withDeadline(config.tokenTimeoutMs, (signal) =>
      createMsalApp(msal, credentialsOf(request), config, { signal }).getAuthCodeUrl({
        scopes: microsoftScopes(config, request.sendingMethod),
        redirectUri: request.redirectUri,
        state: request.state,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: 'S256',
        responseMode: msal.ResponseMode.QUERY,
        // select_account lets the admin pick the mailbox instead of silently reusing the browser's session;
        // Entra ID refuses it together with a login hint (MSAL then drops the hint), so a hint replaces it.
        // Never prompt=consent: it asks users who may not consent for admin approval even after admin consent.
        ...(request.loginHint ? { loginHint: request.loginHint } : { prompt: 'select_account' }),
      }),
    );
  } catch (error) {
    if (error instanceof DeadlineExceededError) throw timedOutFlowError(MICROSOFT_ERRORS, error.timeoutMs);
    throw microsoftFlowError(readMsalError(error), request.redirectUri, [request.clientSecret]);
  }
}
