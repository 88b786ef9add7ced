import type { DeliveryAttempt } from '@smtp-settings/schema';
import type { AddedDelivery, NewDelivery } from '../outbox/delivery-store.js';
import { recipientsOf } from './delivery-rows.js';
import type { PostgresQuery } from './postgres-pool.js';
import { statementBatches } from './postgres-statement-batches.js';

/** The most messages one statement adds. */
const BATCH_ROWS = 500;
/** The most content one statement carries (a message may hold up to 25 MiB; one alone always goes). */
const BATCH_CHARS = 4 * 1024 * 1024;

const NO_CONTENT = 'smtp-settings: a queued delivery needs its sealed content, or no attempt could send it';

/** An add waiting for its statement. */
interface PendingAdd {
  delivery: NewDelivery;
  /** Its row's values, taken when it was handed over: the caller may change its objects once it returns. */
  row: unknown[];
  resolve(added: AddedDelivery): void;
  reject(error: unknown): void;
}

/**
 * The `addDelivery` of {@link postgresDeliveries}: adds handed over while a statement runs share the next
 * one, so a burst costs a commit (and a sync of the log) per few hundred messages instead of one each. One
 * statement adds the messages and the attempts of direct sends; an idempotency key the tenant used
 * already adds nothing. A statement that fails (an id taken already, text PostgreSQL cannot store) is
 * tried again in halves, down to single messages, so only the add at fault rejects
 * ({@link statementBatches}).
 *
 * @example
 * ```ts
 * const addDelivery = postgresDeliveryAdds(query, '"smtp_settings"');
 * await addDelivery(delivery); // { id, created: true }
 * ```
 */
export function postgresDeliveryAdds(
  query: PostgresQuery,
  schema: string,
): (delivery: NewDelivery) => Promise<AddedDelivery> {
  const deliveries = `${schema}.smtp_deliveries`;
  // One array per column, a row per message; in their order, so `seq` keeps the order they were handed over.
  // Of two rows with one id (the second kept out by its key), the first is the one added: its attempt goes.
  const insert = `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::integer[], $9::text[], $10::jsonb[], $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::text[],
        $15::text[], $16::jsonb[], $17::text[], $18::text[], $19::boolean[], $20::jsonb[])
        WITH ORDINALITY AS input (id, tenant, source, status, idempotency_key, created_at, due_at, attempts,
          message_id, to_addresses, cc_addresses, bcc_addresses, recipients, subject, sent_at, failure, content,
          attempt_at, delivered, attempt, n)
    ),
    added AS (
      INSERT INTO ${deliveries} (id, tenant, source, status, idempotency_key, created_at, queued_at, updated_at,
        due_at, attempts, message_id, to_addresses, cc_addresses, bcc_addresses, recipients, subject, sent_at,
        failure, content)
      SELECT id, tenant, source, status, idempotency_key, created_at, created_at, created_at, due_at, attempts,
        message_id, to_addresses, cc_addresses, bcc_addresses, recipients, subject, sent_at, failure, content
      FROM input ORDER BY n
      ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
      RETURNING id, tenant
    ),
    recorded AS (
      INSERT INTO ${schema}.smtp_delivery_attempts (delivery_id, tenant, at, delivered, attempt)
      SELECT DISTINCT ON (input.id) added.id, added.tenant, attempt_at, delivered, attempt
      FROM added JOIN input USING (id) WHERE attempt IS NOT NULL ORDER BY input.id, n
    )
    SELECT id FROM added`;

  /** Answers the adds the statement kept out, with the message their key names. */
  const settleKeptOut = async (keptOut: PendingAdd[]) => {
    const { rows } = await query<{ tenant: string; idempotency_key: string; id: string }>(
      'add a delivery',
      `SELECT tenant, idempotency_key, id FROM ${deliveries}
       WHERE (tenant, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [
        keptOut.map(({ delivery }) => delivery.tenant),
        keptOut.map(({ delivery }) => delivery.idempotencyKey),
      ],
    );
    const byKey = new Map(rows.map((row) => [`${row.tenant}\u0000${row.idempotency_key}`, row.id]));
    for (const add of keptOut) {
      const id = byKey.get(`${add.delivery.tenant}\u0000${add.delivery.idempotencyKey}`);
      // Purged between the statement and this read: the key is free again, so the add goes again.
      if (id === undefined) push(add);
      else add.resolve({ id, created: false });
    }
  };

  const write = async (batch: PendingAdd[]): Promise<void> => {
    const columns = batch[0]?.row.map((_, column) => batch.map(({ row }) => row[column])) ?? [];
    const { rows } = await query<{ id: string }>('add a delivery', insert, columns);
    const added = new Set(rows.map(({ id }) => id));
    // Of two adds with one id, the first took the row: the second was kept out by its key.
    const keptOut: PendingAdd[] = [];
    for (const add of batch) {
      if (added.delete(add.delivery.id)) add.resolve({ id: add.delivery.id, created: true });
      else keptOut.push(add);
    }
    if (keptOut.length > 0)
      await settleKeptOut(keptOut).catch((error: unknown) => {
        for (const add of keptOut) add.reject(error);
      });
  };

  /** As many waiting adds as BATCH_ROWS and BATCH_CHARS allow. */
  const take = (waiting: readonly PendingAdd[]) => {
    let chars = 0;
    let size = 0;
    for (const { delivery } of waiting) {
      chars += delivery.content?.length ?? 0;
      if (size === BATCH_ROWS || (size > 0 && chars > BATCH_CHARS)) break;
      size += 1;
    }
    return size;
  };

  const push = statementBatches(write, take);

  return (delivery) => {
    if (delivery.status === 'queued' && typeof delivery.content !== 'string')
      return Promise.reject(new TypeError(NO_CONTENT));
    return new Promise((resolve, reject) => push({ delivery, row: rowOf(delivery), resolve, reject }));
  };
}

/** The values of an attempt's row: when, whether it delivered, the attempt as JSON. */
export function attemptValues(attempt: DeliveryAttempt | undefined): unknown[] {
  return attempt ? [attempt.at, attempt.outcome === 'sent', JSON.stringify(attempt)] : [null, null, null];
}

/** The values of a new delivery's row and, for a direct send, of its attempt, in the statement's order. */
function rowOf(delivery: NewDelivery): unknown[] {
  const { attempt } = delivery;
  return [
    delivery.id,
    delivery.tenant,
    delivery.source,
    delivery.status,
    delivery.idempotencyKey ?? null,
    delivery.createdAt,
    delivery.status === 'queued' ? (delivery.dueAt ?? delivery.createdAt) : null,
    attempt ? 1 : 0,
    delivery.messageId,
    JSON.stringify(delivery.to),
    JSON.stringify(delivery.cc),
    JSON.stringify(delivery.bcc),
    recipientsOf(delivery),
    delivery.subject,
    delivery.status === 'sent' ? (attempt?.at ?? delivery.createdAt) : null,
    attempt?.failure ? JSON.stringify(attempt.failure) : null,
    // A message sent already has no use for its content.
    delivery.status === 'sent' ? null : delivery.content,
    ...attemptValues(attempt),
  ];
}
