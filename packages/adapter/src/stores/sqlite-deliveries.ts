import type { DeliveryAttempt } from '@smtp-settings/schema';
import type BetterSqlite3 from 'better-sqlite3';
import {
  type AddedDelivery,
  type AttemptResult,
  type ClaimedDelivery,
  type DeliveryCounts,
  type DeliveryStore,
  deliveryPageLimit,
  type NewDelivery,
  type StoredDeliveryStatus,
} from '../outbox/delivery-store.js';
import { DeliveryCursorError, deliveryCursor, parseDeliveryCursor } from './delivery-cursor.js';
import {
  DELIVERY_COLUMNS,
  type DeliveryRow,
  type HoldRow,
  recipientsOf,
  toDelivery,
  toHold,
} from './delivery-rows.js';
import { groupCommit, type Retrying } from './sqlite-group-commit.js';
import { alreadyOnDisk, type OnDisk, type SyncPolicy, syncedNow } from './sqlite-sync.js';

/** How many finished messages one purge transaction deletes, so a large purge never holds the write lock for long. */
const PURGE_BATCH = 500;

/**
 * How long a finished attempt may wait for the worker's next claim to share its commit: a busy worker
 * claims every few sends, so most attempts are committed with one, a handful per commit.
 */
const FINISH_LINGER_MS = 20;

/** Oldest due first, then in the order of insertion. */
const byDue = (a: { due_at: string; seq: number }, b: { due_at: string; seq: number }) =>
  a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.seq - b.seq;

/**
 * Every tenant with a message waiting or leased, found with one index seek per tenant (a loose index scan:
 * the next tenant name after the last one) instead of reading every such message; ends with a `NULL` row.
 */
const OPEN_TENANTS = `open_tenants (tenant) AS (
  SELECT min(tenant) FROM smtp_deliveries WHERE due_at IS NOT NULL
  UNION ALL
  SELECT (SELECT min(tenant) FROM smtp_deliveries WHERE due_at IS NOT NULL AND tenant > open_tenants.tenant)
  FROM open_tenants WHERE tenant IS NOT NULL
)`;

const NO_CONTENT = 'smtp-settings: a queued delivery needs its sealed content, or no attempt could send it';

/**
 * The delivery log and queue of {@link sqliteStore}, in the tables of its fifth and sixth migrations, on the same
 * connection as the settings. `due_at` is when a worker should next take a message: its next attempt
 * while `queued` or `retrying`, the end of its lease while `sending` (so a message whose worker died is
 * claimed again then), `NULL` once finished; claiming and waking up read nothing else. Every statement
 * runs through `retrying` (a lock is waited out on a timer), every operation of more than one statement
 * in one transaction; adds of the same turn share one commit, and finished attempts share the next claim's
 * (or wait `FINISH_LINGER_MS` for one). `written` hears of every committed write (the store's background
 * checkpoint). Claims, finished attempts and adds commit under `syncedLater` (see `syncLater`); an add then
 * waits for `onDisk` (see `walOnDisk`) before it resolves; holds and an admin's changes wait for their sync
 * in the commit.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteDeliveries(db, retrying, written, syncLater(db), walOnDisk(db)) };
 * ```
 */
export function sqliteDeliveries(
  db: BetterSqlite3.Database,
  retrying: Retrying,
  written: () => void = () => undefined,
  syncedLater: SyncPolicy = syncedNow,
  onDisk: OnDisk = alreadyOnDisk,
): DeliveryStore {
  const insertDelivery = db.prepare(
    `INSERT INTO smtp_deliveries (id, tenant, source, status, idempotency_key, created_at, queued_at,
       updated_at, due_at, attempts, message_id, to_addresses, cc_addresses, bcc_addresses, recipients,
       subject, sent_at, failure, content)
     VALUES (@id, @tenant, @source, @status, @idempotencyKey, @createdAt, @createdAt, @createdAt, @dueAt,
       @attempts, @messageId, @to, @cc, @bcc, @recipients, @subject, @sentAt, @failure, @content)`,
  );
  const selectIdByKey = db
    .prepare<[string, string], string>(
      'SELECT id FROM smtp_deliveries WHERE tenant = ? AND idempotency_key = ?',
    )
    .pluck();
  const insertAttempt = db.prepare<[string, string, string, number, string]>(
    `INSERT INTO smtp_delivery_attempts (delivery_id, tenant, at, delivered, attempt)
     VALUES (?, ?, ?, ?, ?)`,
  );

  // The oldest due message of every tenant that may take part in a claim: one index seek or two per tenant,
  // never a scan of its backlog.
  const selectHeads = db.prepare<
    { now: string; skip: string; only: string | null },
    { tenant: string; seq: number; due_at: string }
  >(
    `WITH RECURSIVE ${OPEN_TENANTS},
     heads (tenant, seq) AS (
       SELECT tenant, (
         SELECT seq FROM smtp_deliveries WHERE tenant = open_tenants.tenant AND due_at <= @now
         ORDER BY due_at, seq LIMIT 1
       )
       FROM open_tenants
       WHERE tenant IS NOT NULL AND tenant NOT IN (SELECT value FROM json_each(@skip))
         AND (@only IS NULL OR tenant IN (SELECT value FROM json_each(@only)))
     )
     SELECT heads.tenant, seq, due_at FROM heads CROSS JOIN smtp_deliveries USING (seq)`,
  );
  const selectDue = db.prepare<[string, string, number], { seq: number; due_at: string }>(
    `SELECT seq, due_at FROM smtp_deliveries WHERE tenant = ? AND due_at <= ?
     ORDER BY due_at, seq LIMIT ?`,
  );
  const selectClaimed = db.prepare<[number], DeliveryRow & { content: string; interrupted: 0 | 1 }>(
    `SELECT ${DELIVERY_COLUMNS}, content, interrupted FROM smtp_deliveries WHERE seq = ?`,
  );
  const leaseDelivery = db.prepare<{ seq: number; owner: string; leaseUntil: string; now: string }>(
    `UPDATE smtp_deliveries SET status = 'sending', lease_owner = @owner, due_at = @leaseUntil, updated_at = @now,
       interrupted = (status = 'sending' OR interrupted)
     WHERE seq = @seq`,
  );

  // Only the lease's owner may finish: the condition on the owner is the whole check.
  const finishDelivery = db
    .prepare<[FinishParameters], string>(
      `UPDATE smtp_deliveries SET
       status = @status,
       updated_at = @now,
       due_at = @dueAt,
       lease_owner = NULL,
       attempts = attempts + @counted,
       sent_at = coalesce(@sentAt, sent_at),
       failure = CASE WHEN @status = 'sent' THEN NULL ELSE coalesce(@failure, failure) END,
       content = CASE WHEN @status = 'sent' THEN NULL ELSE content END,
       interrupted = CASE WHEN @counted = 1 THEN 0 ELSE interrupted END
     WHERE id = @id AND status = 'sending' AND lease_owner = @owner
     RETURNING tenant`,
    )
    .pluck();

  const upsertHold = db.prepare<[string, string, string, number]>(
    `INSERT INTO smtp_delivery_holds (tenant, failure, since, revision) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant) DO UPDATE SET failure = excluded.failure, since = excluded.since,
       revision = excluded.revision`,
  );
  const deleteHold = db.prepare<[string]>('DELETE FROM smtp_delivery_holds WHERE tenant = ?');
  const dueNow = db.prepare<{ tenant: string; now: string }>(
    `UPDATE smtp_deliveries SET due_at = @now
     WHERE tenant = @tenant AND due_at > @now AND status = 'retrying'`,
  );
  const selectHolds = db.prepare<[], HoldRow>(
    'SELECT tenant, failure, since, revision FROM smtp_delivery_holds ORDER BY tenant',
  );
  const selectNextDue = db
    .prepare<[], string>('SELECT min(due_at) FROM smtp_deliveries WHERE due_at IS NOT NULL')
    .pluck();
  // Per tenant, so that a skipped tenant's backlog is stepped over, not walked through.
  const selectNextDueSkipping = db
    .prepare<[string], string>(
      `WITH RECURSIVE ${OPEN_TENANTS}
       SELECT min((SELECT min(due_at) FROM smtp_deliveries WHERE tenant = open_tenants.tenant AND due_at IS NOT NULL))
       FROM open_tenants
       WHERE tenant IS NOT NULL AND tenant NOT IN (SELECT value FROM json_each(?))`,
    )
    .pluck();

  const selectDelivery = db.prepare<[string, string], DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM smtp_deliveries WHERE id = ? AND tenant = ?`,
  );
  const selectAttempts = db
    .prepare<[string], string>(
      'SELECT attempt FROM smtp_delivery_attempts WHERE delivery_id = ? ORDER BY seq',
    )
    .pluck();
  const countByStatus = db.prepare<[string, string], { status: StoredDeliveryStatus; count: number }>(
    `SELECT status, count(*) AS count FROM smtp_deliveries WHERE tenant = ? AND created_at >= ?
     GROUP BY status`,
  );
  const countWaiting = db
    .prepare<[string], number>(
      `SELECT count(*) FROM smtp_deliveries WHERE tenant = ? AND status IN ('queued', 'retrying')`,
    )
    .pluck();
  const selectLastSuccess = db
    .prepare<[string], string | null>(
      'SELECT max(at) FROM smtp_delivery_attempts WHERE tenant = ? AND delivered = 1',
    )
    .pluck();
  const selectLastFailure = db.prepare<[string], { at: string; failure: string }>(
    `SELECT at, attempt ->> '$.failure' AS failure FROM smtp_delivery_attempts
     WHERE tenant = ? AND delivered = 0 AND attempt ->> '$.failure' IS NOT NULL
     ORDER BY at DESC, seq DESC LIMIT 1`,
  );

  const resend = db.prepare<{ tenant: string; id: string; now: string }, DeliveryRow>(
    `UPDATE smtp_deliveries SET status = 'queued', due_at = @now, queued_at = @now, updated_at = @now,
       failure = NULL
     WHERE id = @id AND tenant = @tenant AND status IN ('failed', 'discarded') AND content IS NOT NULL
     RETURNING ${DELIVERY_COLUMNS}`,
  );
  const discard = db.prepare<{ tenant: string; id: string; now: string }, DeliveryRow>(
    `UPDATE smtp_deliveries SET status = 'discarded', due_at = NULL, updated_at = @now
     WHERE id = @id AND tenant = @tenant AND status IN ('queued', 'retrying', 'failed')
     RETURNING ${DELIVERY_COLUMNS}`,
  );
  // `due_at IS NOT NULL` lets the scan keep to the index of waiting and leased messages.
  const expire = db.prepare<{ queuedBefore: string; failure: string; now: string }>(
    `UPDATE smtp_deliveries SET status = 'failed', failure = @failure, due_at = NULL, updated_at = @now
     WHERE due_at IS NOT NULL AND status IN ('queued', 'retrying') AND queued_at < @queuedBefore`,
  );
  const purgeBatch = db
    .prepare<[string, number], string>(
      `DELETE FROM smtp_deliveries WHERE seq IN (
         SELECT seq FROM smtp_deliveries
         WHERE status IN ('sent', 'failed', 'discarded') AND updated_at < ? LIMIT ?
       ) RETURNING id`,
    )
    .pluck();
  const purgeAttempts = db.prepare<[string]>(
    'DELETE FROM smtp_delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?))',
  );

  const committingLater: Retrying = (operation, attempt) => retrying(operation, () => syncedLater(attempt));
  // One sync of the log per batch of adds, before any of them resolves.
  const addWrite = groupCommit(
    db,
    async (operation, attempt) => {
      const result = await committingLater(operation, attempt);
      await onDisk.synced();
      return result;
    },
    'add a delivery',
  );
  const queueWrite = groupCommit(
    db,
    committingLater,
    'claim deliveries or record their attempts',
    FINISH_LINGER_MS,
  );
  const writing: Retrying = async (operation, attempt) => {
    const result = await retrying(operation, attempt);
    written();
    return result;
  };
  const wrote = <T>(result: T) => {
    written();
    return result;
  };

  const recordAttempt = (id: string, tenant: string, attempt: AttemptRow) =>
    insertAttempt.run(id, tenant, attempt.at, attempt.delivered, attempt.json);

  const add = (row: ReturnType<typeof deliveryRow>, attempt: AttemptRow | undefined): AddedDelivery => {
    const { id, tenant, idempotencyKey } = row;
    const existing = idempotencyKey === null ? undefined : selectIdByKey.get(tenant, idempotencyKey);
    if (existing !== undefined) return { id: existing, created: false };
    insertDelivery.run(row);
    if (attempt) recordAttempt(id, tenant, attempt);
    return { id, created: true };
  };

  // Runs in the queue's group commit, one transaction with the attempts finished meanwhile. The first due
  // message of every tenant, then the second of every tenant, …, each turn oldest first: one tenant's burst
  // waits behind the others' oldest. Only the `limit` tenants whose oldest due message is oldest take part.
  // The turns are worked out on keys alone (in SQL they cost several temporary tables a claim); only the
  // rows picked are read whole, their content being most of a row.
  const claim = (request: {
    now: string;
    owner: string;
    leaseUntil: string;
    limit: number;
    perTenant: number;
    skip: string;
    only: string | null;
  }) => {
    const { now, owner, leaseUntil, limit } = request;
    const heads = selectHeads.all(request).sort(byDue).slice(0, limit);
    const perTenant = Math.min(request.perTenant, limit);
    const due = heads.flatMap(({ tenant }) =>
      selectDue.all(tenant, now, perTenant).map((key, index) => ({ ...key, turn: index })),
    );
    const picked = due.sort((a, b) => a.turn - b.turn || byDue(a, b)).slice(0, limit);
    return picked.map(({ seq }): ClaimedDelivery => {
      const { content, interrupted, ...row } = selectClaimed.get(seq) as DeliveryRow & {
        content: string;
        interrupted: 0 | 1;
      };
      leaseDelivery.run({ seq, owner, leaseUntil, now });
      return {
        ...toDelivery({ ...row, status: 'sending', updated_at: now }),
        content,
        reclaimed: row.status === 'sending' || interrupted === 1,
      };
    });
  };

  const finish = (parameters: FinishParameters, attempt: AttemptRow | undefined) => {
    const tenant = finishDelivery.get(parameters);
    if (tenant === undefined) return false;
    if (attempt) recordAttempt(parameters.id, tenant, attempt);
    return true;
  };

  const release = db.transaction((tenant: string, now: string) => {
    deleteHold.run(tenant);
    dueNow.run({ tenant, now });
  });

  const readDelivery = db.transaction((tenant: string, id: string) => {
    const row = selectDelivery.get(id, tenant);
    if (row === undefined) return null;
    const attempts = selectAttempts.all(id).map((json) => JSON.parse(json) as DeliveryAttempt);
    return { delivery: toDelivery(row), attempts };
  });

  const count = db.transaction((tenant: string, since: string): DeliveryCounts => {
    const counts = { queued: 0, sending: 0, retrying: 0, sent: 0, failed: 0, discarded: 0 };
    for (const { status, count } of countByStatus.all(tenant, since)) counts[status] = count;
    const lastSuccessAt = selectLastSuccess.get(tenant) ?? null;
    const lastFailure = selectLastFailure.get(tenant);
    return {
      counts,
      waiting: countWaiting.get(tenant) ?? 0,
      ...(lastSuccessAt !== null && { lastSuccessAt }),
      ...(lastFailure && { lastFailure: { at: lastFailure.at, failure: JSON.parse(lastFailure.failure) } }),
    };
  });

  const purge = db.transaction((before: string) => {
    const ids = purgeBatch.all(before, PURGE_BATCH);
    if (ids.length > 0) purgeAttempts.run(JSON.stringify(ids));
    return ids.length;
  });

  // One statement per shape of query, made when first asked for: a status filter that is one status keeps
  // to the (tenant, status, created_at) index, already in order.
  const listings = new Map<
    string,
    BetterSqlite3.Statement<Record<string, unknown>, DeliveryRow & { seq: number }>
  >();
  const listing = (filters: { statuses: number; recipient: boolean; cursor: boolean }) => {
    const key = `${filters.statuses}:${filters.recipient}:${filters.cursor}`;
    let statement = listings.get(key);
    if (statement === undefined) {
      const where = ['tenant = @tenant'];
      if (filters.statuses === 1) where.push('status = @status');
      if (filters.statuses > 1) where.push('status IN (SELECT value FROM json_each(@statuses))');
      if (filters.recipient) {
        where.push('EXISTS (SELECT 1 FROM json_each(recipients) WHERE value = @recipient)');
      }
      if (filters.cursor) where.push('(created_at, seq) < (@createdAt, @seq)');
      statement = db.prepare(
        `SELECT seq, ${DELIVERY_COLUMNS} FROM smtp_deliveries WHERE ${where.join(' AND ')}
         ORDER BY created_at DESC, seq DESC LIMIT @limit`,
      );
      listings.set(key, statement);
    }
    return statement;
  };

  return {
    async addDelivery(delivery) {
      if (delivery.status === 'queued' && typeof delivery.content !== 'string')
        throw new TypeError(NO_CONTENT);
      // Taken now, not when the batch commits: the caller may change its objects once this returns.
      const row = deliveryRow(delivery);
      const attempt = delivery.attempt && attemptRow(delivery.attempt);
      // The adds made while a sync runs share one commit once it is done, and the next sync: a commit per
      // turn meanwhile would write the same index pages to the log again and again, for the disk to sync.
      await onDisk.idle();
      return addWrite(() => add(row, attempt)).then(wrote);
    },

    async claimDeliveries({ now, limit, perTenant, owner, leaseUntil, skipTenants, tenants }) {
      if (limit < 1 || perTenant < 1) return [];
      const request = {
        now,
        owner,
        leaseUntil,
        limit,
        perTenant,
        skip: JSON.stringify(skipTenants),
        only: tenants === undefined ? null : JSON.stringify(tenants),
      };
      return queueWrite(() => claim(request)).then(wrote);
    },

    async finishAttempt(id, owner, result, now) {
      const { attempt } = result;
      const parameters: FinishParameters = {
        id,
        owner,
        status: result.status,
        dueAt: result.status === 'queued' || result.status === 'retrying' ? result.dueAt : null,
        counted: attempt ? 1 : 0,
        sentAt: result.status === 'sent' ? result.attempt.at : null,
        failure: attempt?.failure ? JSON.stringify(attempt.failure) : null,
        now,
      };
      const row = attempt && attemptRow(attempt);
      return queueWrite.later(() => finish(parameters, row)).then(wrote);
    },

    async holdTenant({ tenant, failure, since, revision }) {
      await writing('hold a tenant’s deliveries', () =>
        upsertHold.run(tenant, JSON.stringify(failure), since, revision),
      );
    },

    async releaseTenant(tenant, now) {
      await writing('release a tenant’s deliveries', () => release.immediate(tenant, now));
    },

    async listHolds() {
      const rows = await retrying('read the held tenants', () => selectHolds.all());
      return rows.map(toHold);
    },

    async nextDueAt(skipTenants) {
      const skip = JSON.stringify(skipTenants);
      const next = await retrying('read when a delivery is due', () =>
        skipTenants.length === 0 ? selectNextDue.get() : selectNextDueSkipping.get(skip),
      );
      return next ?? undefined;
    },

    async listDeliveries(tenant, { status, recipient, cursor, limit }) {
      const after = cursor === undefined ? undefined : parseDeliveryCursor(cursor);
      if (cursor !== undefined && after === undefined) throw new DeliveryCursorError();
      const statuses = status === undefined ? [] : typeof status === 'string' ? [status] : [...status];
      const size = deliveryPageLimit(limit);
      const statement = listing({
        statuses: statuses.length,
        recipient: recipient !== undefined,
        cursor: after !== undefined,
      });
      const rows = await retrying('list deliveries', () =>
        statement.all({
          tenant,
          status: statuses[0],
          statuses: JSON.stringify(statuses),
          recipient: recipient?.toLowerCase(),
          createdAt: after?.createdAt,
          seq: after?.seq,
          limit: size + 1,
        }),
      );
      const shown = rows.slice(0, size);
      const last = shown.at(-1);
      return {
        deliveries: shown.map(({ seq: _, ...row }) => toDelivery(row)),
        ...(rows.length > size && last && { nextCursor: deliveryCursor(last.created_at, last.seq) }),
      };
    },

    async getDelivery(tenant, id) {
      return retrying('read a delivery', () => readDelivery(tenant, id));
    },

    async countDeliveries(tenant, since) {
      return retrying('count deliveries', () => count(tenant, since));
    },

    async resendDelivery(tenant, id, now) {
      const row = await writing('resend a delivery', () => resend.get({ tenant, id, now }));
      return row === undefined ? null : toDelivery(row);
    },

    async discardDelivery(tenant, id, now) {
      const row = await writing('discard a delivery', () => discard.get({ tenant, id, now }));
      return row === undefined ? null : toDelivery(row);
    },

    async expireDeliveries(queuedBefore, failure, now) {
      const { changes } = await writing('expire deliveries', () =>
        expire.run({ queuedBefore, failure: JSON.stringify(failure), now }),
      );
      return changes;
    },

    async purgeDeliveries(before) {
      let purged = 0;
      for (;;) {
        const batch = await writing('purge deliveries', () => purge.immediate(before));
        purged += batch;
        if (batch < PURGE_BATCH) return purged;
      }
    },
  };
}

/** What the conditional update of a finished attempt sets. */
interface FinishParameters {
  id: string;
  owner: string;
  status: AttemptResult['status'];
  dueAt: string | null;
  counted: number;
  sentAt: string | null;
  failure: string | null;
  now: string;
}

/** An attempt as its row stores it. */
interface AttemptRow {
  at: string;
  /** 1 for an attempt that delivered: the last success and the last failure are each one index lookup. */
  delivered: 0 | 1;
  json: string;
}

function attemptRow(attempt: DeliveryAttempt): AttemptRow {
  return { at: attempt.at, delivered: attempt.outcome === 'sent' ? 1 : 0, json: JSON.stringify(attempt) };
}

/** The parameters of a new delivery's row. */
function deliveryRow(delivery: NewDelivery) {
  const { attempt } = delivery;
  return {
    id: delivery.id,
    tenant: delivery.tenant,
    source: delivery.source,
    status: delivery.status,
    idempotencyKey: delivery.idempotencyKey ?? null,
    createdAt: delivery.createdAt,
    dueAt: delivery.status === 'queued' ? (delivery.dueAt ?? delivery.createdAt) : null,
    attempts: attempt ? 1 : 0,
    messageId: delivery.messageId,
    to: JSON.stringify(delivery.to),
    cc: JSON.stringify(delivery.cc),
    bcc: JSON.stringify(delivery.bcc),
    recipients: recipientsOf(delivery),
    subject: delivery.subject,
    sentAt: delivery.status === 'sent' ? (attempt?.at ?? delivery.createdAt) : null,
    failure: attempt?.failure ? JSON.stringify(attempt.failure) : null,
    // A message sent already has no use for its content.
    content: delivery.status === 'sent' ? null : delivery.content,
  };
}
