import type { DeliveryAttempt } from '@smtp-settings/schema';
import {
  type ClaimedDelivery,
  type DeliveryCounts,
  type DeliveryStore,
  deliveryPageLimit,
  type StoredDeliveryStatus,
} from '../outbox/delivery-store.js';
import {
  type DeliveryCursor,
  DeliveryCursorError,
  deliveryCursor,
  parseDeliveryCursor,
} from './delivery-cursor.js';
import { type DeliveryRow, type HoldRow, toDelivery, toHold } from './delivery-rows.js';
import { postgresAttemptFinishes } from './postgres-attempt-finishes.js';
import { postgresDeliveryAdds } from './postgres-delivery-adds.js';
import { openTenants } from './postgres-open-tenants.js';
import type { PostgresQuery } from './postgres-pool.js';

/** How many finished messages one purge statement deletes, so a large purge never holds its locks for long. */
const PURGE_BATCH = 500;

/** The columns a {@link DeliveryRow} is selected from, JSON as text as the shared row type has it. */
const COLUMNS = `id, tenant, source, status, idempotency_key, created_at, updated_at, due_at, attempts,
  message_id, to_addresses::text AS to_addresses, cc_addresses::text AS cc_addresses,
  bcc_addresses::text AS bcc_addresses, subject, sent_at, failure::text AS failure`;

/**
 * The delivery log and queue of {@link postgresStore}, in the tables of its sixth migration, safe to share
 * between processes: every operation is one statement, so one snapshot and one transaction. `due_at` is when
 * a worker should next take a message: its next attempt while `queued` or `retrying`, the end of its lease
 * while `sending` (so a message whose worker died is claimed again then), `NULL` once finished. A claim
 * locks the rows it takes with `FOR UPDATE SKIP LOCKED`, so claimers in other processes step over them
 * instead of waiting or taking them twice; a finished attempt is written only while the lease is still
 * the owner's, which the same statement checks.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresDeliveries(query, '"smtp_settings"') };
 * ```
 */
export function postgresDeliveries(query: PostgresQuery, schema: string): DeliveryStore {
  const deliveries = `${schema}.smtp_deliveries`;
  const attempts = `${schema}.smtp_delivery_attempts`;
  const holds = `${schema}.smtp_delivery_holds`;

  const openTenantsCte = openTenants(deliveries);

  // The first due message of every tenant, then the second of every tenant, …, each turn oldest first, of
  // the `limit` tenants whose oldest due message is oldest. The heads are read without locks; the rows
  // taken are locked, and rows another claim holds are stepped over: both claims see the same heads, and
  // each gets the rows the other did not lock. A row another claim leased meanwhile is due later now, so
  // the recheck of the lock drops it.
  const claimText = (only: boolean) => `WITH RECURSIVE ${
    only ? 'open_tenants (tenant) AS (SELECT DISTINCT unnest($7::text[]))' : openTenantsCte
  },
    heads AS (
      SELECT open_tenants.tenant, head.due_at, head.seq FROM open_tenants
      CROSS JOIN LATERAL (
        SELECT due_at, seq FROM ${deliveries}
        WHERE tenant = open_tenants.tenant AND due_at <= $1::text ORDER BY due_at, seq LIMIT 1
      ) head
      WHERE open_tenants.tenant IS NOT NULL AND open_tenants.tenant <> ALL ($2::text[])
      ORDER BY head.due_at, head.seq LIMIT $3::integer
    ),
    candidates AS (
      SELECT heads.tenant, due.seq, due.due_at FROM heads
      CROSS JOIN LATERAL (
        SELECT seq, due_at FROM ${deliveries}
        WHERE tenant = heads.tenant AND due_at <= $1::text ORDER BY due_at, seq LIMIT $4::integer
        FOR UPDATE SKIP LOCKED
      ) due
    ),
    picked AS (
      SELECT seq AS claimed_seq, due_at AS claimed_due,
        row_number() OVER (PARTITION BY tenant ORDER BY due_at, seq) AS turn
      FROM candidates ORDER BY turn, claimed_due, claimed_seq LIMIT $3::integer
    )
    UPDATE ${deliveries} SET status = 'sending', lease_owner = $5::text, due_at = $6::text,
      updated_at = $1::text, interrupted = (status = 'sending' OR interrupted)
    FROM picked WHERE seq = claimed_seq
    RETURNING ${COLUMNS}, content, interrupted, turn, claimed_due, claimed_seq`;
  // Built once: a claim runs every few sends, and its prepared statement is found by its text.
  const claiming = { anyTenant: claimText(false), onlyTenants: claimText(true) };

  // Only the filters asked for, so a status filter and a cursor keep to the (tenant, status, created_at,
  // seq) or (tenant, created_at, seq) index, already in order.
  const listing = (tenant: string, size: number, filters: ListFilters) => {
    const values: unknown[] = [tenant, size + 1];
    const where = ['tenant = $1::text'];
    const parameter = (value: unknown) => `$${values.push(value)}`;
    if (filters.statuses) where.push(`status = ANY (${parameter(filters.statuses)}::text[])`);
    if (filters.recipient !== undefined) where.push(`recipients ? ${parameter(filters.recipient)}::text`);
    if (filters.after) {
      const { createdAt, seq } = filters.after;
      where.push(`(created_at, seq) < (${parameter(createdAt)}::text, ${parameter(seq)}::bigint)`);
    }
    const text = `SELECT seq, ${COLUMNS} FROM ${deliveries} WHERE ${where.join(' AND ')}
      ORDER BY created_at DESC, seq DESC LIMIT $2::integer`;
    return { text, values };
  };

  return {
    addDelivery: postgresDeliveryAdds(query, schema),

    async claimDeliveries({ now, limit, perTenant, owner, leaseUntil, skipTenants, tenants }) {
      if (limit < 1 || perTenant < 1) return [];
      const { rows } = await query<
        DeliveryRow & {
          content: string;
          interrupted: boolean;
          turn: string;
          claimed_due: string;
          claimed_seq: string;
        }
      >('claim deliveries', tenants === undefined ? claiming.anyTenant : claiming.onlyTenants, [
        now,
        [...skipTenants],
        limit,
        Math.min(perTenant, limit),
        owner,
        leaseUntil,
        ...(tenants === undefined ? [] : [[...tenants]]),
      ]);
      // RETURNING keeps no order: put the turns back in theirs.
      const order = (row: (typeof rows)[number]) => [
        Number(row.turn),
        row.claimed_due,
        Number(row.claimed_seq),
      ];
      return rows
        .map((row) => ({ row, key: order(row) }))
        .sort((a, b) => compareKeys(a.key, b.key))
        .map(({ row: { content, interrupted, turn: _, claimed_due: _due, claimed_seq: _seq, ...row } }) => ({
          ...toDelivery(row),
          content,
          // Set by the claim from the status it found: `sending` means its lease ran out.
          reclaimed: interrupted,
        })) satisfies ClaimedDelivery[];
    },

    finishAttempt: postgresAttemptFinishes(query, schema),

    async holdTenant({ tenant, failure, since, revision }) {
      await query(
        'hold a tenant’s deliveries',
        `INSERT INTO ${holds} (tenant, failure, since, revision) VALUES ($1, $2::jsonb, $3, $4)
         ON CONFLICT (tenant) DO UPDATE SET failure = excluded.failure, since = excluded.since,
           revision = excluded.revision`,
        [tenant, JSON.stringify(failure), since, revision],
      );
    },

    async releaseTenant(tenant, now) {
      await query(
        'release a tenant’s deliveries',
        `WITH released AS (DELETE FROM ${holds} WHERE tenant = $1::text)
         UPDATE ${deliveries} SET due_at = $2::text
         WHERE tenant = $1::text AND status = 'retrying' AND due_at > $2::text`,
        [tenant, now],
      );
    },

    async listHolds() {
      const { rows } = await query<HoldRow>(
        'read the held tenants',
        `SELECT tenant, failure::text AS failure, since, revision FROM ${holds} ORDER BY tenant`,
        [],
      );
      return rows.map(toHold);
    },

    async nextDueAt(skipTenants) {
      // Per tenant when skipping, so that a skipped tenant's backlog is stepped over, not walked through.
      const { rows } =
        skipTenants.length === 0
          ? await query<{ next: string | null }>(
              'read when a delivery is due',
              `SELECT min(due_at) AS next FROM ${deliveries} WHERE due_at IS NOT NULL`,
              [],
            )
          : await query<{ next: string | null }>(
              'read when a delivery is due',
              `WITH RECURSIVE ${openTenantsCte}
               SELECT min((SELECT min(due_at) FROM ${deliveries}
                            WHERE tenant = open_tenants.tenant AND due_at IS NOT NULL)) AS next
               FROM open_tenants
               WHERE open_tenants.tenant IS NOT NULL AND open_tenants.tenant <> ALL ($1::text[])`,
              [[...skipTenants]],
            );
      return rows[0]?.next ?? undefined;
    },

    async listDeliveries(tenant, { status, recipient, cursor, limit }) {
      const after = cursor === undefined ? undefined : parseDeliveryCursor(cursor);
      if (cursor !== undefined && after === undefined) throw new DeliveryCursorError();
      const statuses = status === undefined ? undefined : typeof status === 'string' ? [status] : [...status];
      const size = deliveryPageLimit(limit);
      const { text, values } = listing(tenant, size, {
        statuses,
        recipient: recipient?.toLowerCase(),
        after,
      });
      const { rows } = await query<DeliveryRow & { seq: string }>('list deliveries', text, values);
      const shown = rows.slice(0, size);
      const last = shown.at(-1);
      return {
        deliveries: shown.map(({ seq: _, ...row }) => toDelivery(row)),
        ...(rows.length > size && last && { nextCursor: deliveryCursor(last.created_at, Number(last.seq)) }),
      };
    },

    async getDelivery(tenant, id) {
      // The attempts in the same statement, so they are of the same moment as the record.
      const { rows } = await query<DeliveryRow & { attempt_list: string }>(
        'read a delivery',
        `SELECT ${COLUMNS}, (
           SELECT coalesce(json_agg(attempt ORDER BY seq), '[]') FROM ${attempts} WHERE delivery_id = id
         )::text AS attempt_list
         FROM ${deliveries} WHERE id = $1 AND tenant = $2`,
        [id, tenant],
      );
      const [row] = rows;
      if (row === undefined) return null;
      const { attempt_list, ...delivery } = row;
      return { delivery: toDelivery(delivery), attempts: JSON.parse(attempt_list) as DeliveryAttempt[] };
    },

    async countDeliveries(tenant, since) {
      const { rows } = await query<{
        counts: string;
        waiting: string;
        last_success: string | null;
        last_failure: string | null;
      }>(
        'count deliveries',
        `SELECT
           (SELECT coalesce(json_object_agg(status, count), '{}') FROM (
              SELECT status, count(*) FROM ${deliveries} WHERE tenant = $1 AND created_at >= $2 GROUP BY status
            ) by_status)::text AS counts,
           (SELECT count(*) FROM ${deliveries} WHERE tenant = $1 AND status IN ('queued', 'retrying')) AS waiting,
           (SELECT max(at) FROM ${attempts} WHERE tenant = $1 AND delivered) AS last_success,
           (SELECT json_build_object('at', at, 'failure', attempt -> 'failure') FROM ${attempts}
            WHERE tenant = $1 AND NOT delivered AND attempt -> 'failure' IS NOT NULL
            ORDER BY at DESC, seq DESC LIMIT 1)::text AS last_failure`,
        [tenant, since],
      );
      const row = rows[0] as (typeof rows)[number];
      const counts: DeliveryCounts['counts'] = {
        queued: 0,
        sending: 0,
        retrying: 0,
        sent: 0,
        failed: 0,
        discarded: 0,
      };
      for (const [status, count] of Object.entries(JSON.parse(row.counts) as Record<string, number>)) {
        counts[status as StoredDeliveryStatus] = Number(count);
      }
      return {
        counts,
        waiting: Number(row.waiting),
        ...(row.last_success !== null && { lastSuccessAt: row.last_success }),
        ...(row.last_failure !== null && { lastFailure: JSON.parse(row.last_failure) }),
      };
    },

    async resendDelivery(tenant, id, now) {
      const { rows } = await query<DeliveryRow>(
        'resend a delivery',
        `UPDATE ${deliveries} SET status = 'queued', due_at = $3, queued_at = $3, updated_at = $3, failure = NULL
         WHERE id = $1 AND tenant = $2 AND status IN ('failed', 'discarded') AND content IS NOT NULL
         RETURNING ${COLUMNS}`,
        [id, tenant, now],
      );
      return rows[0] === undefined ? null : toDelivery(rows[0]);
    },

    async discardDelivery(tenant, id, now) {
      const { rows } = await query<DeliveryRow>(
        'discard a delivery',
        `UPDATE ${deliveries} SET status = 'discarded', due_at = NULL, updated_at = $3
         WHERE id = $1 AND tenant = $2 AND status IN ('queued', 'retrying', 'failed')
         RETURNING ${COLUMNS}`,
        [id, tenant, now],
      );
      return rows[0] === undefined ? null : toDelivery(rows[0]);
    },

    async expireDeliveries(queuedBefore, failure, now) {
      const { rowCount } = await query(
        'expire deliveries',
        `UPDATE ${deliveries} SET status = 'failed', failure = $2::jsonb, due_at = NULL, updated_at = $3
         WHERE status IN ('queued', 'retrying') AND queued_at < $1`,
        [queuedBefore, JSON.stringify(failure), now],
      );
      return rowCount ?? 0;
    },

    async purgeDeliveries(before) {
      let purged = 0;
      for (;;) {
        // The conditions again outside the subquery: a row resent meanwhile is rechecked, and kept. The
        // attempts go with their message (ON DELETE CASCADE).
        const { rowCount } = await query(
          'purge deliveries',
          `DELETE FROM ${deliveries}
           WHERE seq IN (
             SELECT seq FROM ${deliveries}
             WHERE status IN ('sent', 'failed', 'discarded') AND updated_at < $1 LIMIT $2
           ) AND status IN ('sent', 'failed', 'discarded') AND updated_at < $1`,
          [before, PURGE_BATCH],
        );
        purged += rowCount ?? 0;
        if ((rowCount ?? 0) < PURGE_BATCH) return purged;
      }
    },
  };
}

/** The filters of a page of the log. */
interface ListFilters {
  statuses: StoredDeliveryStatus[] | undefined;
  recipient: string | undefined;
  after: DeliveryCursor | undefined;
}

/** Compares two sort keys element by element (numbers as numbers, ISO times as text). */
function compareKeys(a: ReadonlyArray<number | string>, b: ReadonlyArray<number | string>): number {
  for (const [index, value] of a.entries()) {
    const other = b[index] as number | string;
    if (value !== other) return value < other ? -1 : 1;
  }
  return 0;
}
