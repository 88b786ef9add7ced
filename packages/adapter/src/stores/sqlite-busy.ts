import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError, StoreWriteError, type StoreWriteFailure } from './store.js';

/** How long an operation keeps trying for the lock unless `sqliteStore`'s `busyTimeoutMs` says otherwise. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

const FIRST_DELAY_MS = 2;
const LONGEST_DELAY_MS = 50;

/**
 * Whether better-sqlite3 failed because another connection holds a lock: `SQLITE_BUSY`, `SQLITE_LOCKED`
 * and their extended codes (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_LOCKED_SHAREDCACHE`, …).
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(?:BUSY|LOCKED)(?:_|$)/.test(code);
}

/** Whether better-sqlite3 failed because the database or its disk is full, or its file could not be written, and how. */
export function writeFailureOf(error: unknown): StoreWriteFailure | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (/^SQLITE_FULL(?:_|$)/.test(code)) return 'full';
  if (/^SQLITE_IOERR(?:_|$)/.test(code)) return 'io';
  return undefined;
}

/**
 * Runs the synchronous `attempt` until it no longer fails for a lock, waiting between attempts on a timer
 * (2 ms growing to 50 ms, with jitter so competing processes do not retry in step) instead of in SQLite's
 * busy handler, which would hold the event loop. After `budgetMs` it rejects with {@link StoreBusyError}.
 * A full database or disk, or a file it cannot write, rejects at once with {@link StoreWriteError}.
 * `attempt` must be safe to run again from the start: a single statement, or a whole transaction that
 * rolled back.
 *
 * @example
 * ```ts
 * const row = await retryWhileBusy('read the settings', 5_000, () => selectRecord.get(tenant));
 * ```
 */
export async function retryWhileBusy<T>(operation: string, budgetMs: number, attempt: () => T): Promise<T> {
  const started = performance.now();
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, LONGEST_DELAY_MS)) {
    try {
      return attempt();
    } catch (error) {
      const failure = writeFailureOf(error);
      if (failure) throw new StoreWriteError(operation, failure, { cause: error });
      if (!isBusy(error)) throw error;
      const waited = performance.now() - started;
      if (waited >= budgetMs) throw new StoreBusyError(operation, Math.round(waited));
      // Half to all of the delay, and never past the budget, so the last attempt lands on it.
      await sleep(Math.min(budgetMs - waited, delay * (0.5 + Math.random() / 2)));
    }
  }
}
