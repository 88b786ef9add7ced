import { isSecretField, SECRET_FIELDS, type SecretField } from './secrets.js';
import {
  BasicSettingsSchema,
  GoogleSettingsSchema,
  MicrosoftSettingsSchema,
  type OAuthProvider,
  type SmtpSettings,
} from './settings.js';

/** What the browser learns about a secret: only whether one is stored. */
export type PublicSecret = { set: boolean };

type Simplify<T> = { [K in keyof T]: T[K] };
type WithoutSecrets<T> = { [K in keyof T as K extends SecretField ? never : K]: T[K] };
type SecretKeysOf<T> = Extract<keyof T, SecretField>;
type WithStringSecrets<T> = T extends unknown
  ? Simplify<WithoutSecrets<T> & { [K in SecretKeysOf<T>]?: string | undefined }>
  : never;
type WithPublicSecrets<T> = T extends unknown
  ? Simplify<WithoutSecrets<T> & { [K in SecretKeysOf<T>]: PublicSecret }>
  : never;

/** Settings whose secrets may hold any string, such as the sealed values the server stores. */
export type SettingsWithSecrets = WithStringSecrets<SmtpSettings>;

/** Settings as the server returns them: each secret of the variant replaced by `{ set }`. */
export type SmtpSettingsPublic = WithPublicSecrets<SmtpSettings>;

/** The discriminators that pick a settings variant; every settings shape (stored, draft, public) has them. */
export type SettingsVariant = { authType: 'basic' } | { authType: 'oauth'; provider: OAuthProvider };

function entriesOf(settings: SettingsVariant) {
  if (settings.authType === 'basic') return BasicSettingsSchema.entries;
  if (settings.provider === 'microsoft') return MicrosoftSettingsSchema.entries;
  if (settings.provider === 'google') return GoogleSettingsSchema.entries;
  throw new TypeError('Unknown authentication type or OAuth provider');
}

/**
 * Lists the secret fields of the settings' variant: `password` for Basic, `clientSecret` and `refreshToken` for OAuth.
 *
 * @throws TypeError when `authType` or `provider` is not one the schema knows.
 */
export function secretFieldsOf(settings: SettingsVariant): SecretField[] {
  const entries = entriesOf(settings);
  return SECRET_FIELDS.filter((field) => Object.hasOwn(entries, field));
}

/**
 * Builds the public view of settings: a new object with the variant's own fields copied and each secret as `{ set }`.
 *
 * @throws TypeError when `authType` or `provider` is not one the schema knows.
 */
export function toPublicView(settings: SettingsWithSecrets): SmtpSettingsPublic {
  const source: Readonly<Record<string, unknown>> = settings;
  const view: Record<string, unknown> = {};
  // Copying the schema's fields rather than the record's keys keeps store bookkeeping (nonces, key ids) private.
  for (const field of Object.keys(entriesOf(settings))) {
    const value = source[field];
    if (isSecretField(field)) view[field] = { set: typeof value === 'string' && value !== '' };
    else if (value !== undefined) view[field] = value;
  }
  return view as SmtpSettingsPublic;
}
