import { SecretUnreadableError } from '../crypto/secret-box.js';
import { SecretKeyError } from '../crypto/secret-key.js';
import { ApiError } from '../errors.js';
import { MailerNotConfiguredError } from '../mailer/mailer-not-configured-error.js';
import { StoredSettingsInvalidError } from '../settings/sealed-record.js';
import { PostgresStoreError } from '../stores/postgres-store.js';
import { StoreBusyError, StoreWriteError } from '../stores/store.js';
import { CliError, EXIT, type ExitStatus } from './exit-codes.js';

/** What the tool prints for an error that ended a command, and the exit status it ends with. */
export interface DescribedError {
  /** The exit status. */
  status: ExitStatus;
  /** One line saying what went wrong. */
  message: string;
  /** Lines under it, e.g. one per field that needs attention. */
  details: readonly string[];
}

// Errors of the store or of decryption: the database, the disk or the keys have to be looked at.
const STORE_ERRORS = [
  StoreBusyError,
  StoreWriteError,
  PostgresStoreError,
  StoredSettingsInvalidError,
  SecretUnreadableError,
];

/**
 * Turns what a command threw into one line and an exit status, without a stack trace: the adapter's own
 * errors say what happened in messages that never hold a secret, so they are printed as they are.
 */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError)
    return { status: error.status, message: error.message, details: error.details };
  if (error instanceof SecretKeyError) return { status: EXIT.usage, message: error.message, details: [] };
  if (error instanceof ApiError) {
    const fields = Object.entries(error.fields ?? {}).map(([field, message]) => `  ${field}: ${message}`);
    return { status: EXIT.usage, message: error.message, details: fields };
  }
  if (error instanceof MailerNotConfiguredError)
    return { status: EXIT.usage, message: error.message, details: [] };
  if (STORE_ERRORS.some((kind) => error instanceof kind)) {
    return { status: EXIT.store, message: (error as Error).message, details: [] };
  }
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  // better-sqlite3's own errors (a damaged file, a read-only directory) say nothing but SQLite's words.
  if (name === 'SqliteError') return { status: EXIT.store, message: `SQLite: ${message}`, details: [] };
  return { status: EXIT.internal, message: `unexpected ${name}: ${message}`, details: [] };
}
