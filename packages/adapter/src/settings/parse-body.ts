import {
  FIELD_MESSAGES,
  fieldErrors,
  SERVER_TEXTS,
  type ServerNotice,
  type ServerTextKey,
  SmtpSettingsDraftSchema,
} from '@smtp-settings/schema';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';

/**
 * Validates input with our own failure: field messages only, never the input, because the stock hooks
 * echo what was sent — passwords included. Paths under `prefix` are reported relative to it, so
 * `settings.host` reaches the form as `host`.
 */
export function parseInput<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  prefix?: string,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new ApiError(
    400,
    'VALIDATION_FAILED',
    notice('error.fieldsInvalid'),
    keyed(relativeTo(prefix, fieldErrors(result.issues))),
  );
}

// A schema of the adapter's own words a field error by a `field.*` server text: it goes out with its key.
const FIELD_TEXT_KEYS = new Map(
  Object.entries(SERVER_TEXTS).flatMap(([key, text]) =>
    key.startsWith('field.') ? [[text as string, key as ServerTextKey] as const] : [],
  ),
);

function keyed(fields: Record<string, string>): Record<string, string | ServerNotice> {
  return Object.fromEntries(
    Object.entries(fields).map(([path, message]) => {
      const key = FIELD_TEXT_KEYS.get(message);
      return [path, key ? { message, messageKey: key } : message];
    }),
  );
}

/** A JSON body validator middleware built on {@link parseInput}. */
export function jsonBody<const TSchema extends v.GenericSchema>(schema: TSchema, prefix?: string) {
  return validator('json', (value: ValidationTargets['json']) => parseInput(schema, value, prefix));
}

function relativeTo(prefix: string | undefined, fields: Record<string, string>): Record<string, string> {
  if (!prefix) return fields;
  const start = `${prefix}.`;
  return Object.fromEntries(
    Object.entries(fields).map(([path, message]) => [
      path.startsWith(start) ? path.slice(start.length) : path,
      message,
    ]),
  );
}

/** A request body that carries `settings` plus the given extra fields, refusing unknown ones. */
export function settingsEnvelope<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.strictObject({ settings: SmtpSettingsDraftSchema, ...entries }, (issue) =>
    issue.expected === 'never' ? FIELD_MESSAGES.unknownField : 'Send the settings as { "settings": { … } }',
  );
}
