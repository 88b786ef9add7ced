import type { ProvidersOptions, SmtpEndpoint } from '@smtp-settings/adapter';
import type { OAuthProvider } from '@smtp-settings/schema';
import type { AppRegistration } from './app-registration.js';
import { consentPath } from './consent-routes.js';
import { type LocalProvider, microsoftTokenPath, startLocalProvider } from './local-provider.js';

/** The accounts the local providers sign in, as `/demo/info` shows them. */
export const LOCAL_ACCOUNTS = {
  microsoft: 'notifications@contoso.example',
  google: 'notifications@example.com',
} as const satisfies Record<OAuthProvider, string>;

/**
 * The app registration each local provider knows, and the only values it accepts: like the real
 * providers, it refuses any other client ID, tenant or client secret. Public demo values, which
 * `/demo/info` hands to the page to show, like the dev mail server's password.
 */
export const LOCAL_CLIENTS = {
  microsoft: {
    clientId: '00000000-0000-4000-8000-00000000c0de',
    clientSecret: 'local-demo-secret',
    tenantId: 'contoso.example',
  },
  google: {
    clientId: '1234567890-localdemo.apps.googleusercontent.com',
    clientSecret: 'local-demo-secret',
  },
} as const satisfies Record<OAuthProvider, AppRegistration>;

/** A local Microsoft and a local Google, each an OpenID provider on loopback. */
export interface LocalProviders {
  /** The provider playing Microsoft and the one playing Google. */
  byName: Record<OAuthProvider, LocalProvider>;
  /** Says whether a local provider issued `accessToken` for `user`: what the dev mail server accepts for XOAUTH2. */
  acceptsAccessToken(user: string, accessToken: string): boolean;
  /**
   * The adapter's `providers` option: sign-in starts at the demo's consent page on `demoUrl`,
   * tokens come from the local providers, mail goes to the dev mail server at `smtp`, and Microsoft
   * Graph is the local one at `graphOrigin`.
   */
  adapterOptions(demoUrl: string, smtp: SmtpEndpoint, graphOrigin: string): ProvidersOptions;
  /** Stops both. */
  stop(): Promise<void>;
}

/**
 * Starts the local Microsoft and Google, so "Get Refresh Token" works offline end to end.
 *
 * @example
 * const local = await startLocalProviders();
 * createSmtpSettings({ ..., providers: local.adapterOptions(url, smtpEndpoint, graph.url) });
 */
export async function startLocalProviders(): Promise<LocalProviders> {
  const start = (provider: OAuthProvider) =>
    startLocalProvider({
      provider,
      account: LOCAL_ACCOUNTS[provider],
      registration: LOCAL_CLIENTS[provider],
    });
  const [microsoft, google] = await Promise.all([start('microsoft'), start('google')]);
  const byName = { microsoft, google };
  return {
    byName,
    acceptsAccessToken: (user, accessToken) =>
      Object.values(byName).some(
        (provider) => provider.account === user.toLowerCase() && provider.issued(accessToken),
      ),
    adapterOptions(demoUrl, smtp, graphOrigin) {
      // MSAL insists on an https authority: a nominal one that is never contacted, with inline metadata.
      const nominalAuthority = `https://localhost:${microsoft.port}`;
      // MSAL writes the authority's tenant into every endpoint where the authorization endpoint's first
      // path segment stands, so the token endpoint gets the tenant the settings name, as Microsoft's does.
      const tenantSlot = consentPath('microsoft').split('/')[1] ?? '';
      return {
        microsoft: {
          authorityHost: nominalAuthority,
          knownAuthorities: [`localhost:${microsoft.port}`],
          authorityMetadata: JSON.stringify({
            authorization_endpoint: `${demoUrl}${consentPath('microsoft')}`,
            token_endpoint: `${microsoft.url}${microsoftTokenPath(tenantSlot)}`,
            end_session_endpoint: `${microsoft.url}/endsession`,
            jwks_uri: `${microsoft.url}/jwks`,
            issuer: nominalAuthority,
          }),
          smtp,
          graph: { origin: graphOrigin },
        },
        google: {
          authUrl: `${demoUrl}${consentPath('google')}`,
          tokenUrl: `${google.url}/token`,
          revokeUrl: `${google.url}/revoke`,
          smtp,
        },
      };
    },
    stop: async () => {
      await Promise.all([microsoft.stop(), google.stop()]);
    },
  };
}
