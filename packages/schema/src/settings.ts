import * as v from 'valibot';
import type { FieldMessage } from './field-message.js';
import * as FIELD_MESSAGES from './field-messages.js';
import {
  AllowInvalidCertificateSchema,
  ClientSecretExpiresAtSchema,
  FromEmailSchema,
  FromNameSchema,
  GoogleClientIdSchema,
  HostSchema,
  MicrosoftClientIdSchema,
  optionalText,
  PortSchema,
  SecuritySchema,
  SendingMethodSchema,
  SignInSchema,
  TenantIdSchema,
  UsernameSchema,
} from './fields.js';
import { secretValue } from './secrets.js';

function variantMessage(issue: v.VariantIssue): FieldMessage {
  // The outer variant reports a bad provider too, since valibot resolves nested discriminators in one pass.
  const key = issue.path?.[0]?.key;
  if (key === 'provider') return FIELD_MESSAGES.providerInvalid;
  if (key === 'authType') return FIELD_MESSAGES.authTypeInvalid;
  return FIELD_MESSAGES.settingsNotObject;
}

function strictSettings<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return FIELD_MESSAGES.unknownField;
    const key = issue.path?.[0]?.key;
    if (typeof key !== 'string' || !Object.hasOwn(entries, key)) return FIELD_MESSAGES.settingsNotObject;
    // A missing key reads like the field sent empty, so the admin gets that field's own prompt.
    return (
      v.safeParse(entries[key] as v.GenericSchema, undefined).issues?.[0].message ??
      FIELD_MESSAGES.valueRequired
    );
  });
}

/**
 * Builds the settings variants around the given secret schemas, so stored settings and drafts share one field list.
 *
 * @example
 * const { settings } = settingsSchemas({
 *   password: v.optional(v.string()),
 *   clientSecret: v.string(),
 *   refreshToken: v.optional(v.string()),
 * });
 */
export function settingsSchemas<
  TPassword extends v.GenericSchema,
  TClientSecret extends v.GenericSchema,
  TRefreshToken extends v.GenericSchema,
>(secrets: { password: TPassword; clientSecret: TClientSecret; refreshToken: TRefreshToken }) {
  const sender = { fromEmail: FromEmailSchema, fromName: FromNameSchema };
  const basic = strictSettings({
    authType: v.literal('basic', FIELD_MESSAGES.authTypeInvalid),
    host: HostSchema,
    port: PortSchema,
    security: SecuritySchema,
    username: UsernameSchema,
    password: secrets.password,
    allowInvalidCertificate: AllowInvalidCertificateSchema,
    ...sender,
  });
  const microsoft = strictSettings({
    authType: v.literal('oauth', FIELD_MESSAGES.authTypeInvalid),
    provider: v.literal('microsoft', FIELD_MESSAGES.providerInvalid),
    clientId: MicrosoftClientIdSchema,
    clientSecret: secrets.clientSecret,
    clientSecretExpiresAt: ClientSecretExpiresAtSchema,
    tenantId: TenantIdSchema,
    sendingMethod: SendingMethodSchema,
    signIn: SignInSchema,
    // Application sign-in has none: the adapter ignores one that is kept.
    refreshToken: secrets.refreshToken,
    ...sender,
  });
  const google = strictSettings({
    authType: v.literal('oauth', FIELD_MESSAGES.authTypeInvalid),
    provider: v.literal('google', FIELD_MESSAGES.providerInvalid),
    clientId: GoogleClientIdSchema,
    clientSecret: secrets.clientSecret,
    clientSecretExpiresAt: ClientSecretExpiresAtSchema,
    refreshToken: secrets.refreshToken,
    ...sender,
  });
  const oauth = v.variant('provider', [microsoft, google], variantMessage);
  const settings = v.variant('authType', [basic, oauth], variantMessage);
  return { basic, microsoft, google, oauth, settings };
}

const stored = settingsSchemas({
  password: optionalText(secretValue('password')),
  clientSecret: secretValue('clientSecret'),
  refreshToken: optionalText(secretValue('refreshToken')),
});

/** Basic (username and password) SMTP settings with the decrypted password. */
export const BasicSettingsSchema = stored.basic;

/** Microsoft 365 OAuth settings with decrypted secrets; the refresh token is absent until consent. */
export const MicrosoftSettingsSchema = stored.microsoft;

/** Google Workspace OAuth settings with decrypted secrets; the refresh token is absent until consent. */
export const GoogleSettingsSchema = stored.google;

/** OAuth settings of either provider, discriminated by `provider`. */
export const OAuthSettingsSchema = stored.oauth;

/** Complete SMTP settings as the server holds them after decrypting, discriminated by `authType`. */
export const SmtpSettingsSchema = stored.settings;

/** Complete SMTP settings after validation, with secrets as plain strings. */
export type SmtpSettings = v.InferOutput<typeof SmtpSettingsSchema>;

/** Complete SMTP settings as accepted before validation (optional text may still be `""`). */
export type SmtpSettingsInput = v.InferInput<typeof SmtpSettingsSchema>;

/** Basic authentication settings after validation. */
export type BasicSettings = v.InferOutput<typeof BasicSettingsSchema>;

/** Microsoft OAuth settings after validation. */
export type MicrosoftSettings = v.InferOutput<typeof MicrosoftSettingsSchema>;

/** Google OAuth settings after validation. */
export type GoogleSettings = v.InferOutput<typeof GoogleSettingsSchema>;

/** OAuth settings of either provider after validation. */
export type OAuthSettings = v.InferOutput<typeof OAuthSettingsSchema>;

/** Connection security: `'tls'` (implicit TLS), `'starttls'` or `'none'`. */
export type Security = v.InferOutput<typeof SecuritySchema>;

/** Authentication type: `'basic'` or `'oauth'`. */
export type AuthType = SmtpSettings['authType'];

/** OAuth provider: `'microsoft'` or `'google'`. */
export type OAuthProvider = OAuthSettings['provider'];

/** Every supported OAuth provider, in the order the widget offers them. */
export const OAUTH_PROVIDERS = ['microsoft', 'google'] as const satisfies readonly OAuthProvider[];

/** How Microsoft settings send: `'smtp'` (XOAUTH2) or `'graph'` (Microsoft Graph `sendMail`). */
export type SendingMethod = NonNullable<MicrosoftSettings['sendingMethod']>;

/** How Microsoft settings sign in: `'delegated'` (a refresh token) or `'application'` (client credentials). */
export type SignIn = NonNullable<MicrosoftSettings['signIn']>;

/**
 * What {@link sendingMethodOf} and {@link signInOf} read, so they take settings, a draft or a stored
 * (sealed) record alike.
 */
export type OAuthChoices =
  | { provider: 'google' }
  | { provider: 'microsoft'; sendingMethod?: SendingMethod | undefined; signIn?: SignIn | undefined };

/** How OAuth settings send: Google's and older Microsoft settings always over SMTP. */
export function sendingMethodOf(settings: OAuthChoices): SendingMethod {
  return settings.provider === 'microsoft' ? (settings.sendingMethod ?? 'smtp') : 'smtp';
}

/** How OAuth settings sign in: Google's and older Microsoft settings always with a refresh token. */
export function signInOf(settings: OAuthChoices): SignIn {
  return settings.provider === 'microsoft' ? (settings.signIn ?? 'delegated') : 'delegated';
}
