import type { TenantTurns, TurnState } from '../outbox/tenant-turns.js';
import { openTenants } from './postgres-open-tenants.js';
import type { PostgresQuery } from './postgres-pool.js';

/**
 * The tenant turns of {@link postgresStore}, in the table of its seventh migration: a turn is taken by one
 * conditional upsert, which PostgreSQL decides on the row locked, so two processes never both get it.
 * Which tenants wait is read from the outbox's own `due_at` (a lease's end while `sending`), one index
 * seek or two per tenant.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresTenantTurns(query, '"smtp_settings"') };
 * ```
 */
export function postgresTenantTurns(query: PostgresQuery, schema: string): TenantTurns {
  const turns = `${schema}.smtp_delivery_turns`;
  const deliveries = `${schema}.smtp_deliveries`;
  const soonestOf = (tenant: string) =>
    `(SELECT due_at FROM ${deliveries} WHERE tenant = ${tenant} AND due_at IS NOT NULL
      ORDER BY due_at LIMIT 1)`;

  return {
    async takeTurn({ tenant, owner, until, now }) {
      const { rows } = await query<{ state: string }>(
        'take a tenant turn',
        `INSERT INTO ${turns} (tenant, owner, lease_until) VALUES ($1::text, $2::text, $3::text)
         ON CONFLICT (tenant) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
           WHERE ${turns}.lease_until IS NULL OR ${turns}.lease_until <= $4::text OR ${turns}.owner = $2::text
         RETURNING state::text AS state`,
        [tenant, owner, until, now],
      );
      const [row] = rows;
      return row === undefined ? null : (JSON.parse(row.state) as TurnState);
    },

    async endTurn(tenant, owner, state) {
      await query(
        'end a tenant turn',
        `UPDATE ${turns} SET owner = NULL, lease_until = NULL, state = $3::jsonb
         WHERE tenant = $1 AND owner = $2`,
        [tenant, owner, JSON.stringify({ recent: state.recent })],
      );
    },

    async waitingTenants({ tenant, limit }) {
      const { rows } =
        tenant === undefined
          ? await query<{ tenant: string; due_at: string }>(
              'read the waiting tenants',
              `WITH RECURSIVE ${openTenants(deliveries)}
               SELECT tenant, ${soonestOf('open_tenants.tenant')} AS due_at FROM open_tenants
               WHERE tenant IS NOT NULL ORDER BY 2, 1 LIMIT $1::integer`,
              [Math.max(0, limit)],
            )
          : await query<{ tenant: string; due_at: string | null }>(
              'read the waiting tenants',
              `SELECT $1::text AS tenant, ${soonestOf('$1::text')} AS due_at`,
              [tenant],
            );
      return rows.flatMap(({ tenant: of, due_at }) =>
        due_at === null ? [] : [{ tenant: of, dueAt: due_at }],
      );
    },
  };
}
