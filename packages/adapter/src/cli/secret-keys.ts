import { usageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';

/** The variable the secret keys are read from unless `--key-env` names another: the one the README's host reads. */
export const DEFAULT_KEY_ENV = 'SMTP_SETTINGS_KEY';

/** The option that names the keys' environment variable. */
export const KEY_OPTIONS: OptionSpec = { 'key-env': { type: 'string' } };

/** The help text of {@link KEY_OPTIONS}. */
export const KEY_USAGE = `Keys (from the environment, never the command line, where the process list shows them):
  --key-env <name>      the variable holding the secret key(s) the host uses, comma-separated,
                        the primary (newest) first (default ${DEFAULT_KEY_ENV})`;

/**
 * The configured secret keys, from the environment variable `--key-env` names, split at commas; their
 * format is checked where they are used (`createSecretBox`), with messages that never quote a key.
 */
export function secretKeysFrom(values: ParsedOptions, io: CliIo): string[] {
  const name = typeof values['key-env'] === 'string' ? values['key-env'] : DEFAULT_KEY_ENV;
  const value = io.env[name];
  if (value === undefined || value.trim() === '') {
    throw usageError(
      `no secret key: set ${name} to the key(s) the host uses, comma-separated, the primary first`,
    );
  }
  return value.split(',');
}
