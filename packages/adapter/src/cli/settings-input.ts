import { readFile } from 'node:fs/promises';
import { isSecretField, type SmtpSettingsDraft, SmtpSettingsDraftSchema } from '@smtp-settings/schema';
import { parseInput } from '../settings/parse-body.js';
import type { SealedSettings } from '../settings/sealed-record.js';
import { usageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';

/** The variable a password is read from unless `--password-env` names another. */
export const DEFAULT_PASSWORD_ENV = 'SMTP_SETTINGS_PASSWORD';

/** The options that give settings to test, instead of (or over) the saved ones. */
export const SETTINGS_OPTIONS: OptionSpec = {
  settings: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  security: { type: 'string' },
  username: { type: 'string' },
  'from-email': { type: 'string' },
  'from-name': { type: 'string' },
  'allow-invalid-certificate': { type: 'boolean' },
  'password-env': { type: 'string' },
};

/** The help text of {@link SETTINGS_OPTIONS}. */
export const SETTINGS_USAGE = `Settings (without any of these, the tenant's saved settings are tested):
  --settings <file>     the settings as JSON, as POST /test takes them under "settings" ("-" reads
                        standard input); a secret left out (or { "keep": true }) is the saved one
  --host <name>, --port <number>, --security <tls|starttls|none>, --username <name>,
  --from-email <address>, --from-name <text>, --allow-invalid-certificate
                        Basic settings, over the file's or the saved ones; a saved password is kept
                        only while the server and user name stay the same
  --password-env <name> the variable holding the password (default ${DEFAULT_PASSWORD_ENV}); a
                        password is never taken from the command line`;

/** The settings flags, as the draft names their fields. */
const FIELD_FLAGS = {
  host: 'host',
  security: 'security',
  username: 'username',
  'from-email': 'fromEmail',
  'from-name': 'fromName',
} as const;

/** What to test: the draft, and whether it is the saved settings as they are. */
export interface SettingsInput {
  /** The draft, checked against the schema: a secret left out keeps the saved one. */
  draft: SmtpSettingsDraft;
  /** Whether nothing was given on the command line, so the saved settings are tested as they are. */
  saved: boolean;
}

/**
 * Builds the draft to test: the `--settings` file, else the saved settings (their secrets kept), with
 * the field flags and the password variable over it. Throws a usage error when there is nothing to
 * test, and the schema's field messages (never a value) when the result is not valid.
 */
export async function settingsInput(
  values: ParsedOptions,
  io: CliIo,
  loadSaved: () => Promise<SealedSettings | undefined>,
): Promise<SettingsInput> {
  const passwordEnv =
    typeof values['password-env'] === 'string' ? values['password-env'] : DEFAULT_PASSWORD_ENV;
  const password = io.env[passwordEnv];
  const overrides = fieldOverrides(values);
  const file = values.settings as string | undefined;
  const given = file !== undefined || Object.keys(overrides).length > 0 || password !== undefined;

  let base: Record<string, unknown>;
  if (file !== undefined) {
    base = await readSettingsFile(file, io);
  } else {
    const saved = await loadSaved();
    if (saved === undefined && !given) {
      throw usageError(
        'no settings are saved for this tenant: give them with --settings or the flags (see --help)',
      );
    }
    base = saved ? keepingSecrets(saved) : { authType: 'basic' };
  }
  const draft = { ...base, ...overrides, ...(password !== undefined && { password }) };
  return { draft: parseInput(SmtpSettingsDraftSchema, draft), saved: !given };
}

function fieldOverrides(values: ParsedOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(FIELD_FLAGS)) {
    if (typeof values[flag] === 'string') fields[field] = values[flag];
  }
  if (typeof values.port === 'string') {
    // Not a number stays text, so the schema names the field without the tool guessing.
    fields.port = /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  }
  if (values['allow-invalid-certificate'] === true) fields.allowInvalidCertificate = true;
  return fields;
}

/** The saved settings as a draft that keeps every saved secret: they are left out, which means keep. */
function keepingSecrets(saved: SealedSettings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(saved).filter(([field]) => !isSecretField(field) && field !== 'connection'),
  );
}

async function readSettingsFile(file: string, io: CliIo): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
  } catch {
    throw usageError(`cannot read the settings file ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the mistake, which may be a password.
    throw usageError(`the settings in ${file === '-' ? 'standard input' : file} are not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError('the settings must be a JSON object, e.g. { "authType": "basic", "host": … }');
  }
  return parsed as Record<string, unknown>;
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
