import * as v from 'valibot';
import type { FieldMessage } from './field-message.js';
import * as FIELD_MESSAGES from './field-messages.js';
import { type SecretRules, secretText } from './fields.js';

/** Every field that holds a credential and therefore never leaves the server. */
export const SECRET_FIELDS = ['password', 'clientSecret', 'refreshToken'] as const;

/** Name of a field that holds a credential. */
export type SecretField = (typeof SECRET_FIELDS)[number];

/** Tells whether a field name is one of the secret fields, e.g. to skip it when copying settings. */
export function isSecretField(field: string): field is SecretField {
  return (SECRET_FIELDS as readonly string[]).includes(field);
}

const SECRET_RULES = {
  password: {
    maxLength: 1024,
    controlCharacters: FIELD_MESSAGES.passwordControlCharacters,
    tooLong: FIELD_MESSAGES.passwordTooLong,
  },
  clientSecret: {
    maxLength: 1024,
    controlCharacters: FIELD_MESSAGES.clientSecretControlCharacters,
    tooLong: FIELD_MESSAGES.clientSecretTooLong,
  },
  // Refresh tokens are opaque and Microsoft's run to several kilobytes.
  refreshToken: {
    maxLength: 16_384,
    controlCharacters: FIELD_MESSAGES.refreshTokenControlCharacters,
    tooLong: FIELD_MESSAGES.refreshTokenTooLong,
  },
} as const satisfies Record<SecretField, SecretRules>;

// Apart from the rules, so a browser bundle that checks only typed secrets leaves these prompts out.
const SECRET_REQUIRED = {
  password: FIELD_MESSAGES.passwordRequired,
  clientSecret: FIELD_MESSAGES.clientSecretRequired,
  refreshToken: FIELD_MESSAGES.refreshTokenRequired,
} as const satisfies Record<SecretField, FieldMessage>;

const SECRET_INPUT_MESSAGE = FIELD_MESSAGES.secretInputInvalid;

/**
 * Builds the schema of a decrypted secret as the server holds it.
 *
 * @example
 * const PasswordSchema = secretValue('password');
 */
/* @__NO_SIDE_EFFECTS__ */
export function secretValue(field: SecretField) {
  return secretText(SECRET_REQUIRED[field], SECRET_RULES[field]);
}

/**
 * Builds the rules of a new secret value as the admin types it; {@link secretInput} accepts it, and the
 * browser checks a typed secret with it alone.
 *
 * @example
 * const PasswordTextSchema = secretInputText('password');
 */
/* @__NO_SIDE_EFFECTS__ */
export function secretInputText(field: SecretField) {
  // An empty secret is never meant as "no password": the widget sends a marker for that.
  return secretText(FIELD_MESSAGES.secretInputEmpty, SECRET_RULES[field]);
}

/**
 * Builds the schema of what a browser may send for a secret: a new value, `{ keep: true }` or `{ clear: true }`.
 *
 * @example
 * const PasswordInputSchema = secretInput('password');
 * v.parse(PasswordInputSchema, { keep: true }); // { keep: true }
 */
/* @__NO_SIDE_EFFECTS__ */
export function secretInput(field: SecretField) {
  return v.union(
    [
      secretInputText(field),
      v.strictObject({ keep: v.literal(true, SECRET_INPUT_MESSAGE) }, SECRET_INPUT_MESSAGE),
      v.strictObject({ clear: v.literal(true, SECRET_INPUT_MESSAGE) }, SECRET_INPUT_MESSAGE),
    ],
    SECRET_INPUT_MESSAGE,
  );
}

/** What a browser may send for a secret: a new value, "keep the stored value" or "remove the stored value". */
export type SecretInput = v.InferOutput<ReturnType<typeof secretInput>>;

/** The id of a "Get Refresh Token" flow: opaque, URL-safe, unguessable. */
export const FlowIdSchema = v.pipe(
  v.string(FIELD_MESSAGES.flowIdNotString),
  v.regex(/^[A-Za-z0-9_-]{22,64}$/, FIELD_MESSAGES.flowIdInvalid),
);

/**
 * What a browser may send for the refresh token: anything {@link secretInput} takes, or `{ flow }` naming
 * the "Get Refresh Token" flow whose result the server holds — the token itself never reaches the page.
 */
export const RefreshTokenInputSchema = v.union(
  [secretInput('refreshToken'), v.strictObject({ flow: FlowIdSchema }, SECRET_INPUT_MESSAGE)],
  SECRET_INPUT_MESSAGE,
);

/** A reference to the refresh token a "Get Refresh Token" flow obtained. */
export type FlowReference = { flow: string };

/** Tells whether a draft refresh token names the result of a "Get Refresh Token" flow. */
export function isFlowReference(input: unknown): input is FlowReference {
  return typeof input === 'object' && input !== null && 'flow' in input;
}

/** Tells whether a draft secret asks to keep the stored value; an omitted secret (`undefined`) does too. */
export function isKeep(input: SecretInput | undefined): input is { keep: true } | undefined {
  return input === undefined || (typeof input === 'object' && 'keep' in input);
}

/** Tells whether a draft secret asks to remove the stored value. */
export function isClear(input: SecretInput | undefined): input is { clear: true } {
  return typeof input === 'object' && 'clear' in input;
}
