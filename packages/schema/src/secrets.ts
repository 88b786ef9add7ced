import * as v from 'valibot';
import { secretText } from './fields.js';

/** Every field that holds a credential and therefore never leaves the server. */
export const SECRET_FIELDS = ['password', 'clientSecret', 'refreshToken'] as const;

/** Name of a field that holds a credential. */
export type SecretField = (typeof SECRET_FIELDS)[number];

/** Tells whether a field name is one of the secret fields, e.g. to skip it when copying settings. */
export function isSecretField(field: string): field is SecretField {
  return (SECRET_FIELDS as readonly string[]).includes(field);
}

const SECRET_RULES = {
  password: { label: 'Password', maxLength: 1024 },
  clientSecret: { label: 'Client secret', maxLength: 1024 },
  // Refresh tokens are opaque and Microsoft's run to several kilobytes.
  refreshToken: { label: 'Refresh token', maxLength: 16_384 },
} as const satisfies Record<SecretField, { label: string; maxLength: number }>;

const SECRET_INPUT_MESSAGE = 'Enter a new value, keep the saved one, or clear it';

/**
 * Builds the schema of a decrypted secret as the server holds it.
 *
 * @example
 * const PasswordSchema = secretValue('password');
 */
export function secretValue(field: SecretField) {
  const { label, maxLength } = SECRET_RULES[field];
  return secretText(label, maxLength, `Enter the ${label.toLowerCase()}`);
}

/**
 * Builds the schema of what a browser may send for a secret: a new value, `{ keep: true }` or `{ clear: true }`.
 *
 * @example
 * const PasswordInputSchema = secretInput('password');
 * v.parse(PasswordInputSchema, { keep: true }); // { keep: true }
 */
export function secretInput(field: SecretField) {
  const { label, maxLength } = SECRET_RULES[field];
  return v.union(
    [
      // An empty secret is never meant as "no password": the widget sends a marker for that.
      secretText(label, maxLength, 'Enter a value, or clear the field'),
      v.strictObject({ keep: v.literal(true, SECRET_INPUT_MESSAGE) }, SECRET_INPUT_MESSAGE),
      v.strictObject({ clear: v.literal(true, SECRET_INPUT_MESSAGE) }, SECRET_INPUT_MESSAGE),
    ],
    SECRET_INPUT_MESSAGE,
  );
}

/** What a browser may send for a secret: a new value, "keep the stored value" or "remove the stored value". */
export type SecretInput = v.InferOutput<ReturnType<typeof secretInput>>;

/** Tells whether a draft secret asks to keep the stored value; an omitted secret (`undefined`) does too. */
export function isKeep(input: SecretInput | undefined): input is { keep: true } | undefined {
  return input === undefined || (typeof input === 'object' && 'keep' in input);
}

/** Tells whether a draft secret asks to remove the stored value. */
export function isClear(input: SecretInput | undefined): input is { clear: true } {
  return typeof input === 'object' && 'clear' in input;
}
