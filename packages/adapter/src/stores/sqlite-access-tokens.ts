import type BetterSqlite3 from 'better-sqlite3';
import { type TokenRow, toToken } from './sql-rows.js';
import type { Retrying } from './sqlite-group-commit.js';
import type { AccessTokenStore } from './store.js';

/** The migration that adds the table of {@link sqliteAccessTokens}. */
export const SQLITE_ACCESS_TOKENS_MIGRATION = `CREATE TABLE IF NOT EXISTS smtp_access_tokens (
    tenant TEXT PRIMARY KEY,
    version INTEGER, -- NULL until a token is stored
    sealed TEXT,
    expires_at TEXT,
    lease_owner TEXT, -- who refreshes the token now, until lease_until
    lease_until TEXT
  );`;

/** The migration that records when each shared token was minted, and the lapse each tenant was warned of. */
export const SQLITE_TOKEN_LAPSE_MIGRATION = `ALTER TABLE smtp_access_tokens ADD COLUMN minted_at TEXT;
  ALTER TABLE smtp_access_tokens ADD COLUMN lapse_warned_for TEXT;`;

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
  const selectToken = db.prepare<[string], TokenRow>(
    `SELECT version, sealed, expires_at, minted_at FROM smtp_access_tokens WHERE tenant = ? AND sealed IS NOT NULL`,
  );
  const claimLease = db.prepare<{ tenant: string; owner: string; now: string; until: string }>(
    `INSERT INTO smtp_access_tokens (tenant, lease_owner, lease_until) VALUES (@tenant, @owner, @until)
     ON CONFLICT (tenant) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
     WHERE lease_owner IS NULL OR lease_owner = excluded.lease_owner OR lease_until < @now`,
  );
  // A token of an older version (a refresh that outlived a save) never replaces a newer one.
  const putToken = db.prepare<{
    tenant: string;
    version: number;
    sealed: string;
    expiresAt: string;
    mintedAt: string | null;
  }>(
    `INSERT INTO smtp_access_tokens (tenant, version, sealed, expires_at, minted_at)
       VALUES (@tenant, @version, @sealed, @expiresAt, @mintedAt)
     ON CONFLICT (tenant) DO UPDATE SET
       sealed = CASE WHEN coalesce(version, 0) <= excluded.version THEN excluded.sealed ELSE sealed END,
       expires_at = CASE WHEN coalesce(version, 0) <= excluded.version THEN excluded.expires_at ELSE expires_at END,
       minted_at = CASE WHEN coalesce(version, 0) <= excluded.version THEN excluded.minted_at ELSE minted_at END,
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

    async putAccessToken(tenant, { version, sealed, expiresAt, mintedAt }) {
      await retrying('store the shared access token', () =>
        putToken.run({ tenant, version, sealed, expiresAt, mintedAt: mintedAt ?? null }),
      );
    },

    async releaseTokenRefresh(tenant, owner) {
      await retrying('release the access token refresh', () => releaseLease.run(tenant, owner));
    },
  };
}
