import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';
import type { PostgresQuery } from './postgres-pool.js';

/**
 * The token lapse marks of {@link postgresStore}, in the access token table's `lapse_warned_for`: a mark
 * is one conditional upsert, which PostgreSQL decides on the row locked, so of several processes seeing
 * the same lapse, one writes it and says so.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresTokenLapseMarks(query, '"smtp_settings"') };
 * ```
 */
export function postgresTokenLapseMarks(query: PostgresQuery, schema: string): TokenLapseMarks {
  const table = `${schema}.smtp_access_tokens`;
  return {
    async markTokenLapse(tenant, lapsesAt) {
      const { rowCount } = await query(
        'mark a token lapse',
        `INSERT INTO ${table} AS t (tenant, lapse_warned_for) VALUES ($1, $2)
         ON CONFLICT (tenant) DO UPDATE SET lapse_warned_for = excluded.lapse_warned_for
           WHERE t.lapse_warned_for IS DISTINCT FROM excluded.lapse_warned_for`,
        [tenant, lapsesAt],
      );
      return rowCount === 1;
    },
  };
}
