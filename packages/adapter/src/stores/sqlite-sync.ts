import { type FileHandle, open } from 'node:fs/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { freshRuns } from '../fresh-runs.js';
import { StoreWriteError } from './store.js';

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
 * Enqueued messages go through it only followed by {@link walOnDisk}, before they resolve. The level is
 * set outside the transaction, as SQLite requires.
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

/** Waits for the disk after commits made under {@link syncLater}. */
export interface OnDisk {
  /** Resolves once every commit made before the call is on disk. */
  synced(): Promise<void>;
  /** Resolves once no sync is under way (whether it failed or not). */
  idle(): Promise<void>;
  /** Waits for the sync under way and lets the file go; for the store's `close`. */
  close(): Promise<void>;
}

/** For a connection whose every commit waits for its sync: there is nothing to wait for. */
export const alreadyOnDisk: OnDisk = {
  synced: async () => undefined,
  idle: async () => undefined,
  close: async () => undefined,
};

/**
 * For the store's own file in WAL mode: makes commits made under {@link syncLater} durable off the event
 * loop, syncing the write-ahead log's file on libuv's thread pool (`fdatasync`, as SQLite's own sync at
 * FULL does; the operating system syncs a file's data whichever descriptor wrote it). One sync runs at a
 * time: the calls made while it runs share the next, which starts once it is done, since the one under
 * way may have started before their commit. So enqueues wait for the disk as at FULL, while the event
 * loop seals and commits the next ones. A failed sync rejects with `StoreWriteError` (`sync`).
 *
 * @example
 * ```ts
 * const onDisk = walOnDisk(db);
 * syncLater(db)(() => add.immediate(row));
 * await onDisk.synced();
 * ```
 */
export function walOnDisk(db: BetterSqlite3.Database): OnDisk {
  // Opened once the log exists, i.e. at the first sync, which follows a commit; writable, as Windows
  // flushes only a handle that may write.
  let file: Promise<FileHandle> | undefined;
  let last: Promise<void> = Promise.resolve();
  const synced = freshRuns(async () => {
    file ??= open(`${db.name}-wal`, 'r+');
    try {
      await (await file).datasync();
    } catch (error) {
      throw new StoreWriteError('add a delivery', 'sync', { cause: error });
    }
  });

  return {
    synced() {
      last = synced();
      return last;
    },
    idle: () => last.catch(() => undefined),
    async close() {
      await last.catch(() => undefined);
      const opened = file;
      file = undefined;
      await opened?.then(
        (handle) => handle.close(),
        () => undefined,
      );
    },
  };
}
