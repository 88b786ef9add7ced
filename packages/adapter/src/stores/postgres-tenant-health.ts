import type { TenantHealthStore } from '../outbox/tenant-health.js';
import type { PostgresQuery } from './postgres-pool.js';

/**
 * The tenant health of {@link postgresStore}, in the table of its eighth migration: a change is one
 * conditional upsert, which PostgreSQL decides on the row locked, so of several processes seeing it, one
 * writes it and says so.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresTenantHealth(query, '"smtp_settings"') };
 * ```
 */
export function postgresTenantHealth(query: PostgresQuery, schema: string): TenantHealthStore {
  const health = `${schema}.smtp_delivery_health`;
  return {
    async changeHealth(tenant, code, at) {
      // A tenant without a row works: recording "works" for it inserts nothing.
      const { rowCount } = await query(
        'record a tenant health',
        `INSERT INTO ${health} (tenant, code, changed_at)
           SELECT $1::text, $2::text, $3::text
           WHERE $2::text IS NOT NULL OR EXISTS (SELECT 1 FROM ${health} WHERE tenant = $1::text)
         ON CONFLICT (tenant) DO UPDATE SET code = excluded.code, changed_at = excluded.changed_at
           WHERE ${health}.code IS DISTINCT FROM excluded.code`,
        [tenant, code, at],
      );
      return rowCount === 1;
    },
  };
}
