import type BetterSqlite3 from 'better-sqlite3';
import type { Retrying } from './sqlite-group-commit.js';
import type { AccessTokenStore, SharedAccessToken } from './store.js';

/** The migration that adds the table of {@link sqliteAccessTokens}. */
export const SQLITE_ACCESS_TOKENS_MIGRATION = `CREATE TABLE IF NOT EXISTS smtp_access_tokens (
    tenant TEXT PRIMARY KEY,
    version INTEGER, -- NULL until a token is stored
    sealed TEXT,
    expires_at TEXT,
    lease_owner TEXT, -- who refreshes the token now, until lease_until
    lease_until TEXT
  );`;

/**
 * The shared access tokens of {@link sqliteStore}, one row per tenant in the table of
 * {@link SQLITE_ACCESS_TOKENS_MIGRATION}, on the same connection as the settings; each operation is one
 * statement, so claiming the lease is one atomic upsert that only one process can win.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteAccessTokens(db, retrying) };
 * ```
 */
export function sqliteAccessTokens(db: BetterSqlite3.Database, retrying: Retrying): AccessTokenStore {
  const selectToken = db.prepare<[string], { version: number; sealed: string; expires_at: string }>(
    `SELECT version, sealed, expires_at FROM smtp_access_tokens WHERE tenant = ? AND sealed IS NOT NULL`,
  );
  const claimLease = db.prepare<{ tenant: string; owner: string; now: string; until: string }>(
    `INSERT INTO smtp_access_tokens (tenant, lease_owner, lease_until) VALUES (@tenant, @owner, @until)
     ON CONFLICT (tenant) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
     WHERE lease_owner IS NULL OR lease_owner = excluded.lease_owner OR lease_until < @now`,
  );
  // A token of an older version (a refresh that outlived a save) never replaces a newer one.
  const putToken = db.prepare<{ tenant: string; version: number; sealed: string; expiresAt: string }>(
    `INSERT INTO smtp_access_tokens (tenant, version, sealed, expires_at) VALUES (@tenant, @version, @sealed, @expiresAt)
     ON CONFLICT (tenant) DO UPDATE SET
       sealed = CASE WHEN coalesce(version, 0) <= excluded.version THEN excluded.sealed ELSE sealed END,
       expires_at = CASE WHEN coalesce(version, 0) <= excluded.version THEN excluded.expires_at ELSE expires_at END,
       version = max(coalesce(version, 0), excluded.version),
       lease_owner = NULL,
       lease_until = NULL`,
  );
  const releaseLease = db.prepare<[string, string]>(
    'UPDATE smtp_access_tokens SET lease_owner = NULL, lease_until = NULL WHERE tenant = ? AND lease_owner = ?',
  );

  return {
    async getAccessToken(tenant) {
      const row = await retrying('read the shared access token', () => selectToken.get(tenant));
      return row === undefined ? null : toToken(row);
    },

    async claimTokenRefresh(tenant, owner, now, until) {
      const { changes } = await retrying('claim the access token refresh', () =>
        claimLease.run({ tenant, owner, now, until }),
      );
      return changes === 1;
    },

    async putAccessToken(tenant, { version, sealed, expiresAt }) {
      await retrying('store the shared access token', () =>
        putToken.run({ tenant, version, sealed, expiresAt }),
      );
    },

    async releaseTokenRefresh(tenant, owner) {
      await retrying('release the access token refresh', () => releaseLease.run(tenant, owner));
    },
  };
}

/** A row as the shared token it holds. */
function toToken(row: { version: number; sealed: string; expires_at: string }): SharedAccessToken {
  return { version: Number(row.version), sealed: row.sealed, expiresAt: row.expires_at };
}
