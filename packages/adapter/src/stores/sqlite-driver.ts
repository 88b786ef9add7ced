import type BetterSqlite3 from 'better-sqlite3';
import { requireInstalled } from './optional-peer.js';

// Apart from SqliteDatabase, which the package's types export: this module's types need @types/better-sqlite3.
const MISSING_BETTER_SQLITE3 =
  'smtp-settings: sqliteStore({ filename }) needs the `better-sqlite3` package; install it (npm install better-sqlite3) or pass your own { database }';

/**
 * Opens `filename` with better-sqlite3, loaded only now: it is an optional peer dependency with a native
 * addon, so a host on another store neither compiles nor loads it. Throws, naming the package, when it is
 * missing.
 */
export function openSqliteFile(filename: string, options: BetterSqlite3.Options): BetterSqlite3.Database {
  const Database = requireInstalled<typeof BetterSqlite3>('better-sqlite3', MISSING_BETTER_SQLITE3);
  return new Database(filename, options);
}
