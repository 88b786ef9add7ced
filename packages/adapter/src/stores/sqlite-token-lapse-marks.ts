import type BetterSqlite3 from 'better-sqlite3';
import type { TokenLapseMarks } from '../outbox/token-lapse-marks.js';
import type { Retrying } from './sqlite-group-commit.js';

/**
 * The token lapse marks of {@link sqliteStore}, in the access token table's `lapse_warned_for`: a mark is
 * one conditional upsert, so of several processes seeing the same lapse, one writes it and says so.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteTokenLapseMarks(db, retrying) };
 * ```
 */
export function sqliteTokenLapseMarks(db: BetterSqlite3.Database, retrying: Retrying): TokenLapseMarks {
  const mark = db.prepare<{ tenant: string; lapsesAt: string }>(
    `INSERT INTO smtp_access_tokens (tenant, lapse_warned_for) VALUES (@tenant, @lapsesAt)
     ON CONFLICT (tenant) DO UPDATE SET lapse_warned_for = excluded.lapse_warned_for
       WHERE smtp_access_tokens.lapse_warned_for IS NOT excluded.lapse_warned_for`,
  );
  return {
    async markTokenLapse(tenant, lapsesAt) {
      const { changes } = await retrying('mark a token lapse', () => mark.run({ tenant, lapsesAt }));
      return changes === 1;
    },
  };
}
