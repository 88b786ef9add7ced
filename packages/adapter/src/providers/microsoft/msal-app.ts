import { ConfidentialClientApplication, type ICachePlugin } from '@azure/msal-node';
import { abortableNetworkClient } from './msal-network.js';
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

/** What one MSAL call needs beyond the credentials and the provider. */
export interface MsalCall {
  /** Ends every request the call makes when it aborts, e.g. at the call's deadline (unless the provider brings its own `networkClient`). */
  signal: AbortSignal;
  /** Sees what MSAL writes to its token cache. */
  cachePlugin?: ICachePlugin;
}

/**
 * A fresh MSAL confidential client for the app registration and tenant at the provider's authority, for
 * one call: its token cache then holds exactly that call's grant, and its requests end with `signal`.
 *
 * @example
 * ```ts
 * const app = createMsalApp({ clientId, clientSecret, tenantId }, providers.microsoft, { signal });
 * ```
 */
export function createMsalApp(
  credentials: MsalCredentials,
  provider: MicrosoftProvider,
  { signal, cachePlugin }: MsalCall,
): ConfidentialClientApplication {
  const { authorityMetadata, cloudDiscoveryMetadata, knownAuthorities } = provider;
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
    // A host's own client cannot be cancelled through MSAL's interface: the call's deadline abandons it.
    system: { networkClient: provider.networkClient ?? abortableNetworkClient(signal) },
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
