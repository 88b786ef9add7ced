import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createSmtpConfig, type SmtpConfig } from '../config/smtp-config.js';
import { parseSecretKeys } from '../crypto/secret-key.js';
import type { Logger } from '../logger.js';
import { usageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { type OpenedStore, openStore } from './open-store.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';
import { secretKeysFrom } from './secret-keys.js';

/** The option that adds certificate authorities, as the host's `smtpTls.ca` does. */
export const TLS_OPTIONS: OptionSpec = { ca: { type: 'string', multiple: true } };

/** The help text of {@link TLS_OPTIONS}. */
export const TLS_USAGE = `  --ca <file>           a PEM file of certificate authorities to trust besides the system's,
                        as the host's smtpTls.ca (may be given more than once)`;

/** What a command that reads the store works with. */
export interface CliConfig {
  /** The shared configuration, as the host builds it: the store, the keys, the TLS trust. */
  config: SmtpConfig;
  /** The store it opened, with what key rotation reaches of it. */
  opened: OpenedStore;
  /** Who the audit trail names for what the command does: the operator's user name, through this tool. */
  actor: string;
  /** How many distinct keys are configured. */
  keyCount: number;
}

/**
 * Reads the keys (checked before anything is opened) and the certificate authorities, opens the store,
 * runs `work` with the configuration and closes the store however `work` ends.
 */
export async function withConfig<T>(
  values: ParsedOptions,
  io: CliIo,
  work: (cli: CliConfig) => Promise<T>,
): Promise<T> {
  const secretKey = secretKeysFrom(values, io);
  const keyCount = parseSecretKeys(secretKey).length;
  const ca = readCertificates(values.ca as string[] | undefined);
  const opened = openStore(values, io);
  try {
    const config = createSmtpConfig({
      store: opened.store,
      secretKey,
      logger: cliLogger(io),
      ...(ca && { smtpTls: { ca } }),
    });
    return await work({ config, opened, actor: actor(), keyCount });
  } finally {
    await opened.store.close();
  }
}

function readCertificates(files: readonly string[] | undefined): string[] | undefined {
  if (files === undefined) return undefined;
  return files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw usageError(`cannot read the certificate file ${file}`);
    }
  });
}

/** The adapter's warnings and errors on standard error; its security events are the host's to keep, not a terminal's. */
function cliLogger(io: CliIo): Logger {
  const line = (message: string, details?: Record<string, unknown>) =>
    io.err(details && Object.keys(details).length > 0 ? `${message} ${JSON.stringify(details)}` : message);
  return { error: line, warn: line, info: () => undefined };
}

function actor(): string {
  try {
    return `${userInfo().username} (smtp-settings CLI)`;
  } catch {
    // A user id without an entry in the password database, as in some containers.
    return 'smtp-settings CLI';
  }
}
