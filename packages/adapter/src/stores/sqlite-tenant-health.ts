import type BetterSqlite3 from 'better-sqlite3';
import type { TenantHealthStore } from '../outbox/tenant-health.js';
import type { Retrying } from './sqlite-group-commit.js';

/**
 * The tenant health of {@link sqliteStore}, in the table of its eighth migration: a change is one
 * conditional upsert, so of several processes seeing it, one writes it and says so.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteTenantHealth(db, retrying) };
 * ```
 */
export function sqliteTenantHealth(db: BetterSqlite3.Database, retrying: Retrying): TenantHealthStore {
  // A tenant without a row works: recording "works" for it inserts nothing.
  const change = db.prepare<{ tenant: string; code: string | null; at: string }>(
    `INSERT INTO smtp_delivery_health (tenant, code, changed_at)
       SELECT @tenant, @code, @at WHERE @code IS NOT NULL
         OR EXISTS (SELECT 1 FROM smtp_delivery_health WHERE tenant = @tenant)
     ON CONFLICT (tenant) DO UPDATE SET code = excluded.code, changed_at = excluded.changed_at
       WHERE smtp_delivery_health.code IS NOT excluded.code`,
  );
  return {
    async changeHealth(tenant, code, at) {
      const { changes } = await retrying('record a tenant health', () => change.run({ tenant, code, at }));
      return changes === 1;
    },
  };
}
