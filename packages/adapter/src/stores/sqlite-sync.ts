import type BetterSqlite3 from 'better-sqlite3';

/** Runs a synchronous database write (a whole transaction), answering what it answers. */
export type SyncPolicy = <T>(write: () => T) => T;

/** Every commit waits for its sync: what a host's own connection does, its pragmas left alone. */
export const syncedNow: SyncPolicy = (write) => write();

/**
 * For the store's own file in WAL mode, where every commit syncs to disk (`synchronous = FULL`) and the
 * background checkpointer syncs the write-ahead log soon after any write: runs `write` with
 * `synchronous = NORMAL`, so its commit returns without waiting for the disk (some 0.2–4 ms of the event
 * loop here). Meant for the queue's bookkeeping — claims and finished attempts — whose loss in a power
 * failure (never in a crash of the process: the commit is in the operating system's hands) only sends
 * a message again, as a lease running out does: the next synced commit or checkpoint makes it durable.
 * Enqueued messages never go through it. The level is set outside the transaction, as SQLite requires.
 *
 * @example
 * ```ts
 * const syncedLater = syncLater(db);
 * syncedLater(() => claim.immediate(request));
 * ```
 */
export function syncLater(db: BetterSqlite3.Database): SyncPolicy {
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const full = db.prepare('PRAGMA synchronous = FULL');
  return (write) => {
    normal.run();
    try {
      return write();
    } finally {
      full.run();
    }
  };
}
