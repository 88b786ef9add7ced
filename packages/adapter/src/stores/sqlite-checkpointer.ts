import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * How many pages the write-ahead log may hold before the store's own connection copies it back itself,
 * should the background thread fall behind (SQLite's default is 1,000, about 4 MB).
 */
const BACKSTOP_PAGES = 4_000;

/**
 * The least time from the start of one checkpoint to the start of the next. Back to back, a busy outbox
 * kept a checkpoint (two syncs) running all the time, on the core and the disk its sends and enqueues
 * need; a tenth of a second lets the log take some 100 commits (a few hundred pages) between two.
 */
const CHECKPOINT_INTERVAL_MS = 100;

// CommonJS, evaluated in the worker: a connection of its own that checkpoints whenever the store wrote.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { timeout: 0 });
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Another process's checkpoint, or a lock: the next write asks again, and the backstop remains.
  }
  parentPort.postMessage('done');
});
`;

/** Copies a store's write-ahead log back into its database file on a worker thread. */
export interface Checkpointer {
  /** Says that the store committed a write; the worker checkpoints once it has finished the last one. */
  written(): void;
  /** Stops the worker and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts copying the write-ahead log of `db` (a file in WAL mode) back into the database file on a worker
 * thread, after writes (at most one checkpoint every {@link CHECKPOINT_INTERVAL_MS}), so the commits on the host's event loop never pay for it. Left to itself,
 * SQLite checkpoints inside the commit that takes the log past 1,000 pages: writing and syncing some 4 MB
 * holds the event loop for 15–25 ms on a small server, and every enqueue waiting meanwhile takes that
 * long. A `PASSIVE` checkpoint on another connection lets writes go on; the store's own connection keeps
 * an automatic checkpoint, at {@link BACKSTOP_PAGES}, for writes that never pause long enough.
 *
 * @example
 * ```ts
 * const checkpointer = startCheckpointer(db);
 * // after each commit:
 * checkpointer.written();
 * ```
 */
export function startCheckpointer(db: BetterSqlite3.Database): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, filename: db.name } });
  // A checkpoint thread is never a reason for the host's process to stay up.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Should the thread fail (its file gone, say), the backstop carries on alone.
  worker.on('error', () => undefined);
  let running = false;
  let wanted = false;
  let startedAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const checkpoint = () => {
    timer = undefined;
    running = true;
    wanted = false;
    startedAt = performance.now();
    worker.postMessage('checkpoint');
  };
  const schedule = () => {
    if (running || timer) return;
    const wait = startedAt + CHECKPOINT_INTERVAL_MS - performance.now();
    if (wait <= 0) return checkpoint();
    timer = setTimeout(checkpoint, wait);
    timer.unref();
  };
  worker.on('message', () => {
    running = false;
    if (wanted) schedule();
  });

  return {
    written() {
      wanted = true;
      schedule();
    },
    async stop() {
      clearTimeout(timer);
      // Held up while it closes: an unreferenced thread would let the process end in the middle of `close()`.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
