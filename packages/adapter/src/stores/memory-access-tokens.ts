import type { AccessTokenStore, SharedAccessToken } from './store.js';

/**
 * The shared access tokens of {@link memoryStore}: shared by every mailer of the process, so a mailer made
 * per send still refreshes once per token lifetime.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...memoryAccessTokens() };
 * ```
 */
export function memoryAccessTokens(): AccessTokenStore {
  const tokens = new Map<string, SharedAccessToken>();
  const leases = new Map<string, { owner: string; until: string }>();

  return {
    async getAccessToken(tenant) {
      const token = tokens.get(tenant);
      return token === undefined ? null : { ...token };
    },

    // No `await` before the write: the check and the claim happen in one turn, as one statement would.
    async claimTokenRefresh(tenant, owner, now, until) {
      const lease = leases.get(tenant);
      if (lease !== undefined && lease.owner !== owner && lease.until >= now) return false;
      leases.set(tenant, { owner, until });
      return true;
    },

    async putAccessToken(tenant, token) {
      const stored = tokens.get(tenant);
      if (stored === undefined || stored.version <= token.version) tokens.set(tenant, { ...token });
      leases.delete(tenant);
    },

    async releaseTokenRefresh(tenant, owner) {
      if (leases.get(tenant)?.owner === owner) leases.delete(tenant);
    },
  };
}
