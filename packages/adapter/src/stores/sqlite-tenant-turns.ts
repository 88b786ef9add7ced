import type BetterSqlite3 from 'better-sqlite3';
import type { TenantTurns, TurnState } from '../outbox/tenant-turns.js';
import type { Retrying } from './sqlite-group-commit.js';

/**
 * The tenant turns of {@link sqliteStore}, in the table of its seventh migration: a turn is taken by one
 * conditional upsert, so two processes on one file never both get it. Which tenants wait is read from the
 * outbox's own `due_at` (a lease's end while `sending`). Every statement runs through `retrying`.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteTenantTurns(db, retrying) };
 * ```
 */
export function sqliteTenantTurns(db: BetterSqlite3.Database, retrying: Retrying): TenantTurns {
  const take = db.prepare<{ tenant: string; owner: string; until: string; now: string }, { state: string }>(
    `INSERT INTO smtp_delivery_turns (tenant, owner, lease_until) VALUES (@tenant, @owner, @until)
     ON CONFLICT (tenant) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE smtp_delivery_turns.lease_until IS NULL OR smtp_delivery_turns.lease_until <= @now
         OR smtp_delivery_turns.owner = @owner
     RETURNING state`,
  );
  const end = db.prepare<{ tenant: string; owner: string; state: string }>(
    `UPDATE smtp_delivery_turns SET owner = NULL, lease_until = NULL, state = @state
     WHERE tenant = @tenant AND owner = @owner`,
  );
  const waiting = db.prepare<[number], { tenant: string; due_at: string }>(
    `SELECT tenant, min(due_at) AS due_at FROM smtp_deliveries WHERE due_at IS NOT NULL
     GROUP BY tenant ORDER BY 2, 1 LIMIT ?`,
  );
  const waitingOf = db.prepare<[string], { tenant: string; due_at: string | null }>(
    'SELECT tenant, min(due_at) AS due_at FROM smtp_deliveries WHERE tenant = ? AND due_at IS NOT NULL',
  );

  return {
    async takeTurn(request) {
      const row = await retrying('take a tenant turn', () => take.get(request));
      return row ? (JSON.parse(row.state) as TurnState) : null;
    },

    async endTurn(tenant, owner, state) {
      await retrying('end a tenant turn', () =>
        end.run({ tenant, owner, state: JSON.stringify({ recent: state.recent }) }),
      );
    },

    async waitingTenants({ tenant, limit }) {
      const rows =
        tenant === undefined
          ? await retrying('read the waiting tenants', () => waiting.all(Math.max(0, limit)))
          : await retrying('read the waiting tenants', () => waitingOf.all(tenant));
      return rows.flatMap(({ tenant: of, due_at }) =>
        due_at === null ? [] : [{ tenant: of, dueAt: due_at }],
      );
    },
  };
}
