import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../logger.js';
import type { Providers } from '../providers/provider.js';
import type { AccessTokenStore } from '../stores/store.js';
import type { AccessTokenKey, CachedAccessToken, SharedAccessTokens } from './access-token-cache.js';

/** Options of {@link createSharedAccessTokens}. */
export interface SharedAccessTokensOptions {
  /** Where the tokens and the refresh lease live, shared by every process on the same store. */
  store: AccessTokenStore;
  /** Seals tokens at rest, bound to tenant and version. */
  secrets: SecretBox;
  /** How long a refresh may hold the lease, in ms: a holder that died is taken over after it. */
  leaseMs: number;
  /** Told, without the token, when the store failed and a refresh went ahead alone. */
  logger: Logger;
  /** How often a process waiting for another's refresh looks for its token, in ms; defaults to 100. */
  pollMs?: number;
  /** Current time, stored as each token's mint time (the refresh token's last proven use); defaults to now. */
  clock?: () => Date;
}

// Covers what follows the mint inside the lease: saving a rotated refresh token, then the token.
const LEASE_SLACK_MS = 5_000;
const DEFAULT_POLL_MS = 100;

/** The lease a refresh with these providers needs: the slowest token endpoint's deadline, and the saves after it. */
export function refreshLeaseMs(providers: Providers): number {
  return Math.max(...Object.values(providers).map((provider) => provider.tokenTimeoutMs)) + LEASE_SLACK_MS;
}

/**
 * Shares access tokens through the store: sealed (bound to tenant and settings version, so a save makes
 * them stale and a row copied to another tenant does not open), refreshed by one process at a time.
 *
 * @example
 * ```ts
 * const shared = createSharedAccessTokens({ store, secrets, logger, leaseMs: refreshLeaseMs(providers) });
 * const token = await shared.obtain(key, isFresh, mintHere);
 * ```
 */
export function createSharedAccessTokens(options: SharedAccessTokensOptions): SharedAccessTokens {
  const { store, secrets, leaseMs, logger, pollMs = DEFAULT_POLL_MS, clock = () => new Date() } = options;
  const bindingOf = ({ tenant, version }: AccessTokenKey) => ({ tenant, field: `access-token:${version}` });

  /** The stored token of `key`, or `undefined` when none, another version's, or one the keys cannot open. */
  async function read(key: AccessTokenKey): Promise<CachedAccessToken | undefined> {
    const stored = await store.getAccessToken(key.tenant);
    if (stored === null || stored.version !== key.version) return undefined;
    try {
      return {
        accessToken: secrets.open(stored.sealed, bindingOf(key)),
        expiresAt: new Date(stored.expiresAt),
      };
    } catch {
      // Sealed with a key since removed: a new refresh replaces it.
      return undefined;
    }
  }

  /** A usable stored token, or `claimed` once this process holds the lease, or `alone` once waiting is over. */
  async function awaitTurn(
    key: AccessTokenKey,
    owner: string,
    usable: (token: CachedAccessToken) => boolean,
  ): Promise<CachedAccessToken | 'claimed' | 'alone'> {
    // Past the lease of the holder it found, and of one that took over from it: then no one is refreshing usefully.
    const giveUpAt = performance.now() + 2 * leaseMs;
    for (;;) {
      const found = await read(key);
      if (found && usable(found)) return found;
      // Real time, not the host's clock: the processes sharing a lease each have their own.
      const now = new Date();
      const until = new Date(now.getTime() + leaseMs);
      if (await store.claimTokenRefresh(key.tenant, owner, now.toISOString(), until.toISOString())) {
        // A holder that stored its token between the read and the claim ended its lease too: read once more.
        const stored = await read(key);
        if (!stored || !usable(stored)) return 'claimed';
        await release(key, owner);
        return stored;
      }
      if (performance.now() >= giveUpAt) return 'alone';
      await sleep(pollMs * (0.5 + Math.random()));
    }
  }

  /** Logs a store failure by its name only: the store's errors never carry the token, but stay terse anyway. */
  function warn(message: string, key: AccessTokenKey, error: unknown) {
    logger.warn(message, { tenant: key.tenant, error: (error as Error)?.name });
  }

  /** Ends this process's lease early; should that fail, it simply runs out. */
  async function release(key: AccessTokenKey, owner: string): Promise<void> {
    await store.releaseTokenRefresh(key.tenant, owner).catch((error: unknown) => {
      warn('smtp-settings: could not release the access token refresh', key, error);
    });
  }

  return {
    async obtain(key, usable, refresh) {
      const owner = randomUUID();
      let turn: CachedAccessToken | 'claimed' | 'alone';
      try {
        turn = await awaitTurn(key, owner, usable);
      } catch (error) {
        warn(
          'smtp-settings: could not read the shared access token; refreshing it in this process',
          key,
          error,
        );
        return refresh();
      }
      if (typeof turn === 'object') return turn;
      let token: CachedAccessToken;
      try {
        token = await refresh();
      } catch (error) {
        if (turn === 'claimed') await release(key, owner);
        throw error;
      }
      const sealed = secrets.seal(token.accessToken, bindingOf(key));
      await store
        .putAccessToken(key.tenant, {
          version: key.version,
          sealed,
          expiresAt: token.expiresAt.toISOString(),
          mintedAt: clock().toISOString(),
        })
        .catch((error: unknown) => warn('smtp-settings: could not share the access token', key, error));
      return token;
    },
  };
}
