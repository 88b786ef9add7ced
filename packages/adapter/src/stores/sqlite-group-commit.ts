import { clearTimeout, setImmediate, setTimeout } from 'node:timers';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreBusyError, StoreWriteError } from './store.js';

/** Runs a synchronous database operation, trying again while another connection holds the lock (`retryWhileBusy` bound to a budget). */
export type Retrying = <T>(operation: string, attempt: () => T) => Promise<T>;

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Writes that share commits: a call joins the batch committed at the end of this turn. */
export interface GroupCommit {
  <T>(work: () => T): Promise<T>;
  /**
   * Joins the batch without asking for a commit of its own: it is committed with the next write made by
   * calling the group itself, or `lingerMs` after it was queued, whichever comes first.
   */
  later<T>(work: () => T): Promise<T>;
}

/**
 * Commits the writes that arrive in the same turn of the event loop in one `BEGIN IMMEDIATE` transaction,
 * at the end of that turn, so many producers share one commit (one sync of the WAL to disk) instead of
 * each waiting behind the others' syncs. Writes queued with `later` wait up to `lingerMs` for another
 * write to share a commit with. Each write resolves only once the batch is committed. A write must be a function of
 * the database alone, safe to run again from the start: a batch that found the database locked runs
 * whole again; a batch that failed for anything else runs again one write at a time, so the failure
 * lands on the write that caused it and the others are still stored.
 *
 * @example
 * ```ts
 * const add = groupCommit(db, retrying, 'add a delivery');
 * const id = await add(() => insert.run(row).lastInsertRowid);
 * ```
 */
export function groupCommit(
  db: BetterSqlite3.Database,
  retrying: Retrying,
  operation: string,
  lingerMs = 0,
): GroupCommit {
  const runAll = db.transaction((batch: readonly Pending[]) => batch.map(({ work }) => work()));
  const runOne = db.transaction((work: () => unknown) => work());
  let pending: Pending[] = [];
  let atTurnEnd = false;
  let lingering: NodeJS.Timeout | undefined;

  async function flush(batch: readonly Pending[]): Promise<void> {
    try {
      const results = await retrying(operation, () => runAll.immediate(batch));
      batch.forEach(({ resolve }, index) => {
        resolve(results[index]);
      });
    } catch (error) {
      // A lock held past the budget would only be waited out again, once per write; a batch committed but
      // not synced must not be written again.
      if (
        batch.length === 1 ||
        error instanceof StoreBusyError ||
        (error instanceof StoreWriteError && error.failure === 'sync')
      ) {
        for (const { reject } of batch) reject(error);
        return;
      }
      for (const { work, resolve, reject } of batch) {
        await retrying(operation, () => runOne.immediate(work)).then(resolve, reject);
      }
    }
  }

  function commit(): void {
    clearTimeout(lingering);
    lingering = undefined;
    atTurnEnd = false;
    const batch = pending;
    if (batch.length === 0) return;
    pending = [];
    void flush(batch);
  }

  const queue = <T>(work: () => T, now: boolean) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (atTurnEnd) return;
      if (now || lingerMs <= 0) {
        atTurnEnd = true;
        // After this turn's callbacks, not in a microtask of theirs: every write of the turn joins, and I/O
        // and timers run between two commits, which a loop of awaited writes would otherwise shut out.
        // Imported from node:timers, which fake timers in tests leave alone.
        setImmediate(commit);
      } else {
        lingering ??= setTimeout(commit, lingerMs);
      }
    });

  const write = <T>(work: () => T) => queue(work, true);
  write.later = <T>(work: () => T) => queue(work, false);
  return write;
}
