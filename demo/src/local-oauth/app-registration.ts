import { randomUUID } from 'node:crypto';
import type { OAuthProvider } from '@smtp-settings/schema';

/** The one app a local provider knows, as an admin would have registered it with the real provider. */
export interface AppRegistration {
  /** The application (client) ID. */
  clientId: string;
  /** The client secret's value. */
  clientSecret: string;
  /** Microsoft only: the directory (tenant) the app is registered in. */
  tenantId?: string;
}

/** A provider's OAuth error: the query of a redirect back to the app, or a token endpoint's JSON answer. */
export interface ProviderRefusal {
  /** The HTTP status a token endpoint answers with. */
  status: 400 | 401;
  /** The OAuth error code, such as `invalid_client`. */
  error: string;
  /** The provider's explanation; Microsoft's starts with the AADSTS number. */
  error_description: string;
  /** Microsoft only: the AADSTS number, which MSAL reads from here. */
  error_codes?: number[];
}

/** What an authorization request names: the client, and for Microsoft the tenant from the URL path. */
export interface AuthorizeClient {
  /** The `client_id` query parameter. */
  clientId: string | undefined;
  /** The tenant segment of Microsoft's authorize URL. */
  tenant?: string;
}

/** The client credentials of a token request, and for Microsoft the tenant from the URL path. */
export interface TokenClient {
  /** `client_id`, from the body or the Basic authorization header. */
  clientId: string | undefined;
  /** `client_secret`, from the body or the Basic authorization header. */
  clientSecret: string | undefined;
  /** Microsoft only: the tenant segment of its token URL. */
  tenant?: string;
}

/**
 * How the real provider refuses an authorization request for an app other than `registration`: Microsoft
 * a tenant it does not know (AADSTS90002), then a client ID not registered in it (AADSTS700016); Google a
 * client ID it does not know (`invalid_client`). `undefined` when the request is for the registered app.
 *
 * @example
 * const refusal = authorizeRefusal('google', LOCAL_CLIENTS.google, { clientId: query.client_id });
 */
export function authorizeRefusal(
  provider: OAuthProvider,
  registration: AppRegistration,
  { clientId = '', tenant = '' }: AuthorizeClient,
): ProviderRefusal | undefined {
  if (provider === 'google') {
    return clientId === registration.clientId ? undefined : GOOGLE_UNKNOWN_CLIENT;
  }
  return (
    microsoftTenantRefusal(registration, tenant) ??
    (sameId(clientId, registration.clientId)
      ? undefined
      : microsoftUnknownClient(clientId, registration.tenantId ?? tenant))
  );
}

/**
 * How the real provider's token endpoint refuses a client other than `registration`: Microsoft a tenant
 * it does not know first (AADSTS90002); `invalid_client` (HTTP 401) for a wrong or missing secret, as
 * both providers answer, and their own answers for an unknown client ID. `undefined` when the
 * credentials are the registered ones.
 *
 * @example
 * const refusal = tokenRefusal('microsoft', LOCAL_CLIENTS.microsoft, { clientId, clientSecret });
 */
export function tokenRefusal(
  provider: OAuthProvider,
  registration: AppRegistration,
  { clientId = '', clientSecret, tenant = '' }: TokenClient,
): ProviderRefusal | undefined {
  if (provider === 'google') {
    if (clientId !== registration.clientId) return GOOGLE_UNKNOWN_CLIENT;
    if (clientSecret === undefined) {
      return { status: 400, error: 'invalid_request', error_description: 'client_secret is missing.' };
    }
    return clientSecret === registration.clientSecret
      ? undefined
      : { status: 401, error: 'invalid_client', error_description: 'Unauthorized' };
  }
  const tenantRefusal = microsoftTenantRefusal(registration, tenant);
  if (tenantRefusal) return tenantRefusal;
  if (!sameId(clientId, registration.clientId)) {
    return microsoftUnknownClient(clientId, registration.tenantId ?? '');
  }
  if (clientSecret === undefined) {
    return microsoftRefusal(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  return clientSecret === registration.clientSecret
    ? undefined
    : microsoftRefusal(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${registration.clientId}'.`,
      );
}

const GOOGLE_UNKNOWN_CLIENT: ProviderRefusal = {
  status: 401,
  error: 'invalid_client',
  error_description: 'The OAuth client was not found.',
};

// Microsoft treats client IDs (GUIDs) and tenant names (GUIDs or domains) case-insensitively.
const sameId = (given: string, registered: string) => given.toLowerCase() === registered.toLowerCase();

/** Microsoft's answer when the URL names a tenant other than the registration's (any, for a multi-tenant app). */
function microsoftTenantRefusal(registration: AppRegistration, tenant: string): ProviderRefusal | undefined {
  if (registration.tenantId === undefined || sameId(tenant, registration.tenantId)) return undefined;
  return microsoftRefusal(
    400,
    'invalid_request',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

function microsoftUnknownClient(clientId: string, tenant: string): ProviderRefusal {
  return microsoftRefusal(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

/**
 * Microsoft's shape: the AADSTS number before the text, trace lines after it, the number again in `error_codes`.
 *
 * @example
 * microsoftRefusal(400, 'invalid_scope', 1002012, 'The provided value for scope … is not valid.');
 */
export function microsoftRefusal(
  status: ProviderRefusal['status'],
  error: string,
  number: number,
  text: string,
): ProviderRefusal {
  const trace = `Trace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`;
  return { status, error, error_description: `AADSTS${number}: ${text}\r\n${trace}`, error_codes: [number] };
}
