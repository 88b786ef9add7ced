/**
 * The part of a better-sqlite3 `Database` that `sqliteStore({ database })` takes, written out here so a
 * host's type check never needs `@types/better-sqlite3` when it does not use SQLite; a
 * `new Database(…)` of better-sqlite3 fits it as it is.
 */
export interface SqliteDatabase {
  /** Whether the connection is still open. */
  readonly open: boolean;
  /** Compiles one SQL statement. */
  prepare(source: string): unknown;
  /** Wraps a function so that each call runs in one transaction. */
  transaction(fn: (...args: never[]) => unknown): unknown;
  /** Reads or sets a pragma. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Runs SQL statements that return nothing. */
  exec(source: string): unknown;
  /** Closes the connection. */
  close(): unknown;
}
