import { ConfidentialClientApplication, type ICachePlugin } from '@azure/msal-node';
import type { MicrosoftProvider } from './providers.js';

/** The app registration an MSAL application acts as, and the tenant it signs in to. */
export interface MsalCredentials {
  /** The app registration's client ID. */
  clientId: string;
  /** The app registration's client secret. */
  clientSecret: string;
  /** The directory (tenant) ID or a verified domain, or `common` / `organizations`. */
  tenantId: string;
}

/**
 * A fresh MSAL confidential client for the app registration and tenant at the provider's authority; its
 * token cache then holds exactly the grant of the one call made with it.
 *
 * @example
 * ```ts
 * const app = createMsalApp({ clientId, clientSecret, tenantId }, providers.microsoft);
 * ```
 */
export function createMsalApp(
  credentials: MsalCredentials,
  provider: MicrosoftProvider,
  cachePlugin?: ICachePlugin,
): ConfidentialClientApplication {
  const { authorityMetadata, cloudDiscoveryMetadata, knownAuthorities, networkClient } = provider;
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority: `${provider.authorityHost}/${encodeURIComponent(credentials.tenantId)}`,
      ...(authorityMetadata !== undefined && { authorityMetadata }),
      ...(cloudDiscoveryMetadata !== undefined && { cloudDiscoveryMetadata }),
      ...(knownAuthorities !== undefined && { knownAuthorities: [...knownAuthorities] }),
    },
    ...(cachePlugin !== undefined && { cache: { cachePlugin } }),
    ...(networkClient !== undefined && { system: { networkClient } }),
  });
}

/** A cache plugin that keeps what MSAL last wrote to its token cache, serialized, and loads nothing. */
export interface CacheCapture {
  /** The plugin to hand to {@link createMsalApp}. */
  plugin: ICachePlugin;
  /** The serialized cache after MSAL's last write, if it wrote. */
  serialized(): string | undefined;
}

/** Creates a {@link CacheCapture} for one fresh MSAL application. */
export function captureTokenCache(): CacheCapture {
  let serialized: string | undefined;
  return {
    plugin: {
      beforeCacheAccess: async () => {},
      afterCacheAccess: async (context) => {
        if (context.cacheHasChanged) serialized = context.tokenCache.serialize();
      },
    },
    serialized: () => serialized,
  };
}

/** The refresh token in a serialized MSAL token cache, if it holds one. */
export function refreshTokenInCache(serialized: string | undefined): string | undefined {
  if (!serialized) return undefined;
  const cache = JSON.parse(serialized) as { RefreshToken?: Record<string, { secret?: unknown }> };
  const secret = Object.values(cache.RefreshToken ?? {})[0]?.secret;
  return typeof secret === 'string' && secret !== '' ? secret : undefined;
}
