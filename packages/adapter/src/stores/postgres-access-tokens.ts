import type { PostgresQuery } from './postgres-pool.js';
import { type TokenRow, toToken } from './sql-rows.js';
import type { AccessTokenStore } from './store.js';

/** The migration that adds the table of {@link postgresAccessTokens} to `schema` (quoted). */
export const postgresAccessTokensMigration = (
  schema: string,
) => `CREATE TABLE IF NOT EXISTS ${schema}.smtp_access_tokens (
    tenant TEXT PRIMARY KEY,
    version INTEGER, -- NULL until a token is stored
    sealed TEXT,
    expires_at TEXT,
    lease_owner TEXT, -- who refreshes the token now, until lease_until
    -- Byte order, as JavaScript compares strings: a locale collation may order ISO timestamps differently.
    lease_until TEXT COLLATE "C"
  );`;

/** The migration that records when each shared token was minted, and the lapse each tenant was warned of. */
export const postgresTokenLapseMigration = (schema: string) => `ALTER TABLE ${schema}.smtp_access_tokens
    ADD COLUMN IF NOT EXISTS minted_at TEXT,
    ADD COLUMN IF NOT EXISTS lapse_warned_for TEXT;`;

/**
 * The shared access tokens of {@link postgresStore}, one row per tenant in `schema`'s `smtp_access_tokens`
 * (quoted); each operation is one statement, so claiming the lease is one atomic upsert that only one
 * process can win.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresAccessTokens(query, schema) };
 * ```
 */
export function postgresAccessTokens(query: PostgresQuery, schema: string): AccessTokenStore {
  const table = `${schema}.smtp_access_tokens`;

  return {
    async getAccessToken(tenant) {
      const { rows } = await query<TokenRow>(
        'read the shared access token',
        `SELECT version, sealed, expires_at, minted_at FROM ${table} WHERE tenant = $1 AND sealed IS NOT NULL`,
        [tenant],
      );
      const [row] = rows;
      return row === undefined ? null : toToken(row);
    },

    async claimTokenRefresh(tenant, owner, now, until) {
      const { rowCount } = await query(
        'claim the access token refresh',
        `INSERT INTO ${table} AS t (tenant, lease_owner, lease_until) VALUES ($1, $2, $4)
         ON CONFLICT (tenant) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
         WHERE t.lease_owner IS NULL OR t.lease_owner = excluded.lease_owner OR t.lease_until < $3::text`,
        [tenant, owner, now, until],
      );
      return rowCount === 1;
    },

    async putAccessToken(tenant, { version, sealed, expiresAt, mintedAt }) {
      // A token of an older version (a refresh that outlived a save) never replaces a newer one.
      await query(
        'store the shared access token',
        `INSERT INTO ${table} AS t (tenant, version, sealed, expires_at, minted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant) DO UPDATE SET
           sealed = CASE WHEN coalesce(t.version, 0) <= excluded.version THEN excluded.sealed ELSE t.sealed END,
           expires_at = CASE WHEN coalesce(t.version, 0) <= excluded.version THEN excluded.expires_at ELSE t.expires_at END,
           minted_at = CASE WHEN coalesce(t.version, 0) <= excluded.version THEN excluded.minted_at ELSE t.minted_at END,
           version = greatest(coalesce(t.version, 0), excluded.version),
           lease_owner = NULL,
           lease_until = NULL`,
        [tenant, version, sealed, expiresAt, mintedAt ?? null],
      );
    },

    async releaseTokenRefresh(tenant, owner) {
      await query(
        'release the access token refresh',
        `UPDATE ${table} SET lease_owner = NULL, lease_until = NULL WHERE tenant = $1 AND lease_owner = $2`,
        [tenant, owner],
      );
    },
  };
}
