import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { sqliteStore } from '../src/stores/sqlite-store.js';
import { holdSqliteLock, type SqliteLockHolder } from './sqlite-lock-holder.js';

/** A fresh SQLite file for each test, the stores opened on it, and another process to take its lock. */
export interface SqliteFileFixture {
  /** The current test's directory, removed after the test. */
  readonly dir: string;
  /** The current test's database file, in `dir` (created by the first store or connection to open it). */
  readonly filename: string;
  /** Opens a store on the current test's file with `options`, closed after the test. */
  openStore(options?: { busyTimeoutMs?: number }): ReturnType<typeof sqliteStore>;
  /** Takes the file's lock in another process (see {@link holdSqliteLock}), released after the test if not before. */
  hold(mode?: 'immediate' | 'exclusive'): Promise<SqliteLockHolder>;
  /** Runs `close` after the test, after the lock is released: the last one given first. */
  closeAfter(close: () => unknown): void;
}

/**
 * Gives each test of the calling `describe` a SQLite file of its own in a new directory (named from
 * `prefix`); after each test it releases the lock holders, closes what was opened (the last first) and
 * removes the directory.
 *
 * @example
 * const file = useSqliteFile('smtp-settings-busy-');
 * it('gives up within its budget', async () => {
 *   const store = file.openStore({ busyTimeoutMs: 300 });
 *   await file.hold();
 *   await expect(store.get('default')).rejects.toThrow(StoreBusyError);
 * });
 */
export function useSqliteFile(prefix: string): SqliteFileFixture {
  let dir = '';
  let filename = '';
  const holders: SqliteLockHolder[] = [];
  const closing: Array<() => unknown> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    filename = join(dir, 'settings.db');
  });

  afterEach(async () => {
    for (const holder of holders.splice(0)) await holder.release();
    for (const close of closing.splice(0).reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get dir() {
      return dir;
    },
    get filename() {
      return filename;
    },
    openStore(options = {}) {
      const store = sqliteStore({ ...options, filename });
      closing.push(() => store.close());
      return store;
    },
    async hold(mode) {
      const holder = await holdSqliteLock(filename, mode);
      holders.push(holder);
      return holder;
    },
    closeAfter(close) {
      closing.push(close);
    },
  };
}
