import type { ConfidentialClientApplication, ICachePlugin } from '@azure/msal-node';
import type { AuthorizeRequest, CodeRedemption, MintRequest } from '../provider.js';
import type { MicrosoftConfig } from './config.js';
import { abortableNetworkClient } from './msal-network.js';

/** The `@azure/msal-node` module. */
export type Msal = typeof import('@azure/msal-node');

let msal: Promise<Msal> | undefined;

/**
 * MSAL, imported on first use and kept: a host that never signs in with Microsoft never loads it.
 *
 * @example
 * ```ts
 * const app = createMsalApp(await loadMsal(), credentials, config, { signal });
 * ```
 */
export function loadMsal(): Promise<Msal> {
  msal ??= import('@azure/msal-node');
  return msal;
}

/** The app registration an MSAL application acts as, and the tenant it signs in to. */
export interface MsalCredentials {
  /** The app registration's client ID. */
  clientId: string;
  /** The app registration's client secret. */
  clientSecret: string;
  /** The directory (tenant) ID or a verified domain, or `common` / `organizations`. */
  tenantId: string;
}

/** What one MSAL call needs beyond the credentials and the configuration. */
export interface MsalCall {
  /** Ends every request the call makes when it aborts, e.g. at the call's deadline (unless the host brings its own `networkClient`). */
  signal: AbortSignal;
  /** Sees what MSAL writes to its token cache. */
  cachePlugin?: ICachePlugin;
}

/** The MSAL credentials of a request; without a tenant, `common` takes multi-tenant and personal accounts. */
export function credentialsOf({
  clientId,
  clientSecret,
  tenantId,
}: AuthorizeRequest | CodeRedemption | MintRequest): MsalCredentials {
  return { clientId, clientSecret, tenantId: tenantId?.trim() || 'common' };
}

/**
 * A fresh MSAL confidential client for the app registration and tenant at the configured authority, for
 * one call: its token cache then holds exactly that call's grant, and its requests end with `signal`.
 *
 * @example
 * ```ts
 * const app = createMsalApp(await loadMsal(), { clientId, clientSecret, tenantId }, config, { signal });
 * ```
 */
export function createMsalApp(
  library: Msal,
  credentials: MsalCredentials,
  config: MicrosoftConfig,
  { signal, cachePlugin }: MsalCall,
): ConfidentialClientApplication {
  const { authorityMetadata, cloudDiscoveryMetadata, knownAuthorities } = config;
  return new library.ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority: `${config.authorityHost}/${encodeURIComponent(credentials.tenantId)}`,
      ...(authorityMetadata !== undefined && { authorityMetadata }),
      ...(cloudDiscoveryMetadata !== undefined && { cloudDiscoveryMetadata }),
      ...(knownAuthorities !== undefined && { knownAuthorities: [...knownAuthorities] }),
    },
    ...(cachePlugin !== undefined && { cache: { cachePlugin } }),
    // A host's own client cannot be cancelled through MSAL's interface: the call's deadline abandons it.
    system: { networkClient: config.networkClient ?? abortableNetworkClient(signal) },
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
