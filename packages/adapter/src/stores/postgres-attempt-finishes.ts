import type { AttemptResult } from '../outbox/delivery-store.js';
import { attemptValues } from './postgres-delivery-adds.js';
import type { PostgresQuery } from './postgres-pool.js';
import { statementBatches } from './postgres-statement-batches.js';

/** The most attempts one statement records. */
const BATCH_ROWS = 200;

/**
 * How long an attempt that finds no statement running waits for others to share one, in ms. A sent
 * message is safe at the server by then, and its slot is already free: only a crash in these milliseconds
 * could send it twice. Under load it took 6 attempts a statement without waiting, 9 with.
 */
const GATHER_MS = 10;

/** A finish waiting for its statement. */
interface PendingFinish {
  id: string;
  /** Its row's values, taken when it was handed over. */
  row: unknown[];
  resolve(done: boolean): void;
  reject(error: unknown): void;
}

/**
 * The `finishAttempt` of {@link postgresDeliveries}: attempts that end within GATHER_MS of each other, or
 * while a statement runs, are recorded by one statement together ({@link statementBatches}), so a worker
 * with 20 sends in flight commits a few times per round of them, not 20. Each row is written only while
 * the lease is still its owner's, which the statement checks row by row; it answers `false` for a row
 * whose lease passed to another owner.
 *
 * @example
 * ```ts
 * const finishAttempt = postgresAttemptFinishes(query, '"smtp_settings"');
 * await finishAttempt(id, owner, { status: 'sent', attempt }, now); // true
 * ```
 */
export function postgresAttemptFinishes(
  query: PostgresQuery,
  schema: string,
): (id: string, owner: string, result: AttemptResult, now: string) => Promise<boolean> {
  const deliveries = `${schema}.smtp_deliveries`;
  const finish = `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[],
        $7::text[], $8::jsonb[], $9::text[], $10::boolean[], $11::jsonb[])
        AS input (id, owner, status, now, due_at, attempted, sent_at, failure, attempt_at, delivered, attempt)
    ),
    finished AS (
      UPDATE ${deliveries} AS d SET
        status = input.status,
        updated_at = input.now,
        due_at = input.due_at,
        lease_owner = NULL,
        attempts = d.attempts + input.attempted,
        sent_at = coalesce(input.sent_at, d.sent_at),
        failure = CASE WHEN input.status = 'sent' THEN NULL ELSE coalesce(input.failure, d.failure) END,
        content = CASE WHEN input.status = 'sent' THEN NULL ELSE d.content END,
        interrupted = CASE WHEN input.attempted = 1 THEN false ELSE d.interrupted END
      FROM input
      WHERE d.id = input.id AND d.status = 'sending' AND d.lease_owner = input.owner
      RETURNING d.id, d.tenant
    ),
    recorded AS (
      INSERT INTO ${schema}.smtp_delivery_attempts (delivery_id, tenant, at, delivered, attempt)
      SELECT finished.id, finished.tenant, attempt_at, delivered, attempt
      FROM finished JOIN input USING (id) WHERE attempt IS NOT NULL
    )
    SELECT id FROM finished`;

  const write = async (batch: PendingFinish[]): Promise<void> => {
    const columns = batch[0]?.row.map((_, column) => batch.map(({ row }) => row[column])) ?? [];
    const { rows } = await query<{ id: string }>('record an attempt', finish, columns);
    const finished = new Set(rows.map(({ id }) => id));
    for (const call of batch) call.resolve(finished.has(call.id));
  };

  // One attempt of a message at a time: its id is in a batch once.
  const push = statementBatches(write, (waiting) => Math.min(waiting.length, BATCH_ROWS), GATHER_MS);

  return (id, owner, result, now) => {
    const { attempt } = result;
    const row = [
      id,
      owner,
      result.status,
      now,
      result.status === 'queued' || result.status === 'retrying' ? result.dueAt : null,
      attempt ? 1 : 0,
      result.status === 'sent' ? result.attempt.at : null,
      attempt?.failure ? JSON.stringify(attempt.failure) : null,
      ...attemptValues(attempt),
    ];
    return new Promise((resolve, reject) => push({ id, row, resolve, reject }));
  };
}
