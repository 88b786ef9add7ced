import type { OAuthProvider } from '@smtp-settings/schema';
import { microsoftRefusal, type ProviderRefusal } from './app-registration.js';

/** The grant of a token request: its `grant_type` and `scope` body parameters. */
export interface TokenGrant {
  /** `grant_type`, such as `refresh_token` or `client_credentials`. */
  grantType: string;
  /** `scope`, space-separated, when sent. */
  scope: string | undefined;
}

/**
 * How the real provider refuses a grant it does not take, or takes only with other scopes: Google has no
 * client credentials grant; Microsoft's needs a `scope`, and only resources' `/.default` scopes (the app's
 * permissions are granted in advance, never asked for). `undefined` for any other grant.
 *
 * @example
 * const refusal = grantRefusal('microsoft', { grantType: body.grant_type, scope: body.scope });
 */
export function grantRefusal(
  provider: OAuthProvider,
  { grantType, scope }: TokenGrant,
): ProviderRefusal | undefined {
  if (grantType !== 'client_credentials') return undefined;
  if (provider === 'google') {
    return {
      status: 400,
      error: 'unsupported_grant_type',
      error_description: 'Invalid grant_type: client_credentials',
    };
  }
  if (!scope?.trim()) {
    return microsoftRefusal(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const scopes = scope.trim().split(/\s+/);
  return scopes.every((each) => each.endsWith('/.default'))
    ? undefined
    : microsoftRefusal(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
}
