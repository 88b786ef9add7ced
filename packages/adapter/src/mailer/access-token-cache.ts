import type { MintedAccessToken } from '../providers/provider.js';

/** Which saved settings an access token was minted from. */
export interface AccessTokenKey {
  /** The tenant whose settings they are. */
  tenant: string;
  /** The version of the saved settings. */
  version: number;
}

/** An access token as the cache hands it out. */
export interface CachedAccessToken {
  /** The bearer token for SMTP XOAUTH2. */
  accessToken: string;
  /** When the provider says it stops working. */
  expiresAt: Date;
}

/** One refresh of a tenant's access token for every process that shares the store, as `createSharedAccessTokens` makes it. */
export interface SharedAccessTokens {
  /**
   * The stored token of `key` if `usable` accepts it; otherwise `refresh` runs in the one process that
   * takes the tenant's lease, which stores its token for the others, while they wait for it (or take over
   * once the lease ran out). A store that fails is passed by: `refresh` then runs here, alone.
   */
  obtain(
    key: AccessTokenKey,
    usable: (token: CachedAccessToken) => boolean,
    refresh: () => Promise<CachedAccessToken>,
  ): Promise<CachedAccessToken>;
}

/** Options of {@link createAccessTokenCache}. */
export interface AccessTokenCacheOptions {
  /**
   * Receives a refresh token the provider rotated while minting, before any caller gets the new access
   * token, which stays filed under `key`. It should not throw: an error reaches every waiting caller.
   */
  onRefreshTokenRotated?: (key: AccessTokenKey, refreshToken: string) => Promise<void>;
  /** Current time, replaceable in tests. */
  clock?: () => Date;
  /** How long before its expiry a token is replaced; defaults to 60 s. */
  refreshMarginMs?: number;
  /**
   * Where tokens are shared with every other cache on the same store, in this process or another, so
   * that one refresh serves them all; without it, this cache mints for itself.
   */
  shared?: SharedAccessTokens;
}

/** Access tokens per tenant and settings version, minted once and shared until shortly before they expire. */
export interface AccessTokenCache {
  /** The cached token of `key` while it is fresh; otherwise one token minted with `mint` and shared by every concurrent caller. */
  get(key: AccessTokenKey, mint: () => Promise<MintedAccessToken>): Promise<CachedAccessToken>;
  /** Forgets the token of `key` after a server refused it, so the next `get` mints anew; with `accessToken`, only if that is still the cached one. */
  invalidate(key: AccessTokenKey, accessToken?: string): void;
  /** Forgets every token. */
  clear(): void;
}

interface Entry {
  token?: CachedAccessToken;
  pending?: Promise<CachedAccessToken>;
  /** The last token a server refused: a shared copy of it is not taken again. */
  refused?: string;
}

const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/**
 * Creates an access token cache: a token is reused until `refreshMarginMs` before it expires, and
 * callers that arrive while one is being minted wait for that same request instead of starting their own;
 * with `shared`, a token another cache or process minted is taken before minting one.
 *
 * @example
 * ```ts
 * const tokens = createAccessTokenCache({ onRefreshTokenRotated: saveRotated });
 * const { accessToken } = await tokens.get({ tenant, version }, () => providers[settings.provider].mintAccessToken(settings));
 * ```
 */
export function createAccessTokenCache(options: AccessTokenCacheOptions = {}): AccessTokenCache {
  const {
    onRefreshTokenRotated,
    clock = () => new Date(),
    refreshMarginMs = DEFAULT_REFRESH_MARGIN_MS,
    shared,
  } = options;
  const tenants = new Map<string, Map<number, Entry>>();

  /** The entry of a key, created on first use; entries of older versions of the tenant are dropped. */
  function entryOf({ tenant, version }: AccessTokenKey): Entry {
    let versions = tenants.get(tenant);
    if (versions === undefined) {
      versions = new Map();
      tenants.set(tenant, versions);
    }
    // Settings only move forward, so tokens of older versions are never asked for again.
    for (const older of versions.keys()) if (older < version) versions.delete(older);
    let entry = versions.get(version);
    if (entry === undefined) {
      entry = {};
      versions.set(version, entry);
    }
    return entry;
  }

  /** Whether a token is still good for more than the margin. */
  function isFresh(token: CachedAccessToken): boolean {
    return token.expiresAt.getTime() - refreshMarginMs > clock().getTime();
  }

  /** Mints a token into `entry`, reporting a rotated refresh token before the token is handed out. */
  async function mintInto(key: AccessTokenKey, entry: Entry, mint: () => Promise<MintedAccessToken>) {
    const minted = await mint();
    const token = { accessToken: minted.accessToken, expiresAt: minted.expiresAt };
    entry.token = token;
    if (minted.refreshToken !== undefined) await onRefreshTokenRotated?.(key, minted.refreshToken);
    return token;
  }

  /** The shared token when there is a usable one, else one minted (here, or by the process holding the lease). */
  async function refresh(key: AccessTokenKey, entry: Entry, mint: () => Promise<MintedAccessToken>) {
    if (!shared) return mintInto(key, entry, mint);
    const usable = (token: CachedAccessToken) => isFresh(token) && token.accessToken !== entry.refused;
    const token = await shared.obtain(key, usable, () => mintInto(key, entry, mint));
    entry.token = token;
    return token;
  }

  return {
    get(key, mint) {
      const entry = entryOf(key);
      if (entry.pending) return entry.pending;
      const { token } = entry;
      if (token && isFresh(token)) return Promise.resolve(token);
      const pending = refresh(key, entry, mint).finally(() => {
        if (entry.pending === pending) entry.pending = undefined;
      });
      entry.pending = pending;
      return pending;
    },

    invalidate(key, accessToken) {
      const entry = tenants.get(key.tenant)?.get(key.version);
      if (entry?.token && (accessToken === undefined || entry.token.accessToken === accessToken)) {
        entry.refused = entry.token.accessToken;
        entry.token = undefined;
      }
    },

    clear() {
      tenants.clear();
    },
  };
}
