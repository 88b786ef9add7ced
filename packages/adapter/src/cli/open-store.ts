import { existsSync } from 'node:fs';
import type { ContentResealing } from '../outbox/delivery-store.js';
import { postgresStore } from '../stores/postgres-store.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import { type SecretResealing, type SettingsStore, StoreBusyError } from '../stores/store.js';
import { CliError, EXIT, usageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';

/** The options that pick the store, shared by every command that reads one. */
export const STORE_OPTIONS: OptionSpec = {
  sqlite: { type: 'string' },
  postgres: { type: 'string' },
  schema: { type: 'string' },
};

/** The help text of {@link STORE_OPTIONS}. */
export const STORE_USAGE = `Store (one of the two, as the host opens it):
  --sqlite <file>       the SQLite database file (sqliteStore({ filename }))
  --postgres <url>      the PostgreSQL database (postgresStore({ connectionString })); keep its
                        password out of the URL, which others can see in the process list: set
                        PGPASSWORD or use ~/.pgpass
  --schema <name>       the PostgreSQL schema holding the tables (default public)`;

/** A store the command line opened, and what key rotation reaches of it. */
export interface OpenedStore {
  /** The settings, with the walk and the write that key rotation needs. */
  store: SettingsStore & SecretResealing;
  /** The outbox's kept message contents. */
  contents: ContentResealing;
}

/**
 * Opens the store that `--sqlite` or `--postgres` names, as the host opens it. A SQLite file must exist
 * already (a mistyped path would otherwise become a new, empty database); PostgreSQL is reached on
 * first use, without listening for notifications, which a command that ends at once has no use for.
 */
export function openStore(values: ParsedOptions, io: CliIo): OpenedStore {
  const { sqlite, postgres, schema } = values as { sqlite?: string; postgres?: string; schema?: string };
  if ((sqlite === undefined) === (postgres === undefined)) {
    throw usageError('name the store with either --sqlite <file> or --postgres <url>');
  }
  if (sqlite !== undefined) {
    if (schema !== undefined) throw usageError('--schema goes with --postgres only');
    if (!existsSync(sqlite)) throw usageError(`there is no SQLite database at ${sqlite}`);
    const store = opening('the SQLite database', () => sqliteStore({ filename: sqlite }));
    return { store, contents: store };
  }
  const connectionString = postgres as string;
  if (hasPassword(connectionString)) {
    io.err(
      'smtp-settings: warning: the --postgres URL holds a password, which other users can see in the process list; set PGPASSWORD instead',
    );
  }
  const store = opening('the PostgreSQL store', () =>
    postgresStore({ connectionString, notifications: false, ...(schema !== undefined && { schema }) }),
  );
  return { store, contents: store };
}

/** Creates a store, reporting a failure (a file that is no database, a driver not installed) as the store's. */
function opening<T>(what: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof StoreBusyError) throw error;
    throw new CliError(EXIT.store, `${what} cannot be opened: ${(error as Error)?.message}`);
  }
}

function hasPassword(connectionString: string): boolean {
  return URL.canParse(connectionString) && new URL(connectionString).password !== '';
}
