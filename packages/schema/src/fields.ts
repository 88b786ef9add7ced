import * as v from 'valibot';
import type { FieldMessage } from './field-message.js';
import * as FIELD_MESSAGES from './field-messages.js';

const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
// In unicode mode a surrogate pair reads as one code point, so this matches only a half without its partner.
const LONE_SURROGATE = /\p{Cs}/u;
const GUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
// The all-zero GUID is a placeholder in documentation and templates, never a directory.
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const URL_SCHEME = /^[a-z][\d+.a-z-]*:\/\//i;
const HOST_WITH_PORT = /^[^:]+:\d+$/;
// Unicode letters and combining marks admit IDN hosts as typed; the resolver converts them to punycode.
const HOSTNAME_LABEL = /^(?=.{1,63}$)[\p{L}\d](?:[\p{L}\p{M}\d-]*[\p{L}\p{M}\d])?$/u;
const IPV6_GROUP = /^[\da-f]{1,4}$/i;
// Not v.email(): it refuses real mailboxes such as o'brien@example.ie. Not v.rfcEmail(): it accepts a@b.
const MAILBOX =
  /^(?=[^@]{1,64}@)[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@(?:[\da-z](?:[\da-z-]{0,61}[\da-z])?\.)+(?:[a-z]{2,63}|xn--[\da-z-]{1,59})$/i;
const GOOGLE_CLIENT_ID = /^\d+-[\da-z]+\.apps\.googleusercontent\.com$/;
// Microsoft's multi-tenant aliases, each with its own message so no text is built from what was typed.
const RESERVED_TENANTS = {
  common: FIELD_MESSAGES.tenantIdCommon,
  organizations: FIELD_MESSAGES.tenantIdOrganizations,
  consumers: FIELD_MESSAGES.tenantIdConsumers,
} as const;

function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let width = groups.length;
  const last = groups.at(-1) ?? '';
  // A trailing dotted quad (::ffff:192.0.2.1) stands for the last two groups.
  if (last.includes('.') && address.endsWith(last)) {
    if (!v.IPV4_REGEX.test(last)) return false;
    groups.pop();
    width += 1;
  }
  if (!groups.every((group) => IPV6_GROUP.test(group))) return false;
  // "::" must stand for at least one group of zeros.
  return halves.length === 2 ? width < 8 : width === 8;
}

function isHost(host: string): boolean {
  if (host.includes(':')) return isIpv6(host);
  const labels = host.split('.');
  // A numeric last label is never a DNS name, and resolvers would read 10.1 or 256.1.1.1 as an address.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return v.IPV4_REGEX.test(host);
  return host.length <= 253 && labels.every((label) => HOSTNAME_LABEL.test(label));
}

function isReservedTenant(tenant: string): boolean {
  return Object.hasOwn(RESERVED_TENANTS, tenant.toLowerCase());
}

/**
 * Refuses text holding half of a UTF-16 surrogate pair (what cutting an emoji in two leaves), which UTF-8
 * cannot encode: a database refuses it or stores something else, and a secret would stop matching.
 */
/* @__NO_SIDE_EFFECTS__ */
function wellFormed() {
  return v.check<string, FieldMessage>(
    (text) => !LONE_SURROGATE.test(text),
    FIELD_MESSAGES.textBrokenCharacter,
  );
}

function invalidHostMessage(issue: v.CheckIssue<string>): FieldMessage {
  if (issue.input.includes(':')) return FIELD_MESSAGES.hostInvalidIpv6;
  if (/^[\d.]+$/.test(issue.input)) return FIELD_MESSAGES.hostInvalidIpv4;
  return FIELD_MESSAGES.hostInvalidName;
}

/**
 * Makes a text field optional where `""` (how the widget sends an empty input) means "not set".
 *
 * @example
 * const NicknameSchema = optionalText(v.pipe(v.string(), v.maxLength(40, 'Too long')), { trim: true });
 */
/* @__NO_SIDE_EFFECTS__ */
export function optionalText<TSchema extends v.GenericSchema<string, string>>(
  schema: TSchema,
  { trim = false }: { trim?: boolean } = {},
) {
  return v.pipe(
    v.optional(v.string(FIELD_MESSAGES.textNotString)),
    v.transform((value) => {
      const text = trim ? value?.trim() : value;
      return text === '' ? undefined : text;
    }),
    v.optional(schema),
  );
}

/** The rules of one secret besides being required: its maximum length and the messages of both limits. */
export interface SecretRules {
  /** The most characters it may have. */
  maxLength: number;
  /** When it holds a line break or another control character. */
  controlCharacters: FieldMessage;
  /** When it is longer than `maxLength`. */
  tooLong: FieldMessage;
}

/**
 * Builds the rules every secret shares: not empty, no control characters or broken characters, bounded
 * length; never trimmed.
 *
 * @example
 * const PasswordSchema = secretText(FIELD_MESSAGES.passwordRequired, {
 *   maxLength: 1024,
 *   controlCharacters: FIELD_MESSAGES.passwordControlCharacters,
 *   tooLong: FIELD_MESSAGES.passwordTooLong,
 * });
 */
/* @__NO_SIDE_EFFECTS__ */
export function secretText(required: FieldMessage, { maxLength, controlCharacters, tooLong }: SecretRules) {
  return v.pipe(
    v.string(required),
    v.nonEmpty(required),
    v.regex(NO_CONTROL_CHARACTERS, controlCharacters),
    wellFormed(),
    v.maxLength(maxLength, tooLong),
  );
}

/** SMTP server: a hostname (IDN allowed), an IPv4 address or a bracket-less IPv6 address. */
export const HostSchema = v.pipe(
  v.string(FIELD_MESSAGES.hostRequired),
  v.trim(),
  v.nonEmpty(FIELD_MESSAGES.hostRequired),
  v.check((host) => !URL_SCHEME.test(host), FIELD_MESSAGES.hostHasScheme),
  v.check((host) => !/\s/.test(host), FIELD_MESSAGES.hostHasSpaces),
  v.check((host) => !/[[\]]/.test(host), FIELD_MESSAGES.hostHasBrackets),
  v.check((host) => !HOST_WITH_PORT.test(host), FIELD_MESSAGES.hostHasPort),
  v.maxLength(253, FIELD_MESSAGES.hostTooLong),
  v.check(isHost, invalidHostMessage),
);

/** SMTP port as a JSON number; strings such as "587" are refused rather than coerced. */
export const PortSchema = v.pipe(
  v.number(FIELD_MESSAGES.portInvalid),
  v.integer(FIELD_MESSAGES.portInvalid),
  v.minValue(1, FIELD_MESSAGES.portInvalid),
  v.maxValue(65535, FIELD_MESSAGES.portInvalid),
);

/** Connection security: implicit TLS, STARTTLS upgrade, or plain text. */
export const SecuritySchema = v.picklist(['tls', 'starttls', 'none'], FIELD_MESSAGES.securityInvalid);

/** Sender mailbox: a bare address, since the display name has its own field. */
export const FromEmailSchema = v.pipe(
  v.string(FIELD_MESSAGES.fromEmailRequired),
  v.trim(),
  v.nonEmpty(FIELD_MESSAGES.fromEmailRequired),
  v.check((email) => !/[<>]/.test(email), FIELD_MESSAGES.fromEmailHasName),
  v.maxLength(254, FIELD_MESSAGES.fromEmailTooLong),
  v.regex(MAILBOX, FIELD_MESSAGES.fromEmailInvalid),
);

/** Sender display name; control characters are refused because they could inject mail headers. */
export const FromNameSchema = optionalText(
  v.pipe(
    v.string(FIELD_MESSAGES.textNotString),
    v.regex(NO_CONTROL_CHARACTERS, FIELD_MESSAGES.fromNameControlCharacters),
    wellFormed(),
    v.maxLength(256, FIELD_MESSAGES.fromNameTooLong),
  ),
  { trim: true },
);

/** SMTP username for Basic authentication; kept verbatim because servers compare it byte for byte. */
export const UsernameSchema = optionalText(
  v.pipe(
    v.string(FIELD_MESSAGES.textNotString),
    v.regex(NO_CONTROL_CHARACTERS, FIELD_MESSAGES.usernameControlCharacters),
    wellFormed(),
    v.maxLength(256, FIELD_MESSAGES.usernameTooLong),
  ),
);

/** Application (client) ID of a Microsoft Entra app registration. */
export const MicrosoftClientIdSchema = v.pipe(
  v.string(FIELD_MESSAGES.microsoftClientIdRequired),
  v.trim(),
  v.regex(GUID, FIELD_MESSAGES.microsoftClientIdInvalid),
);

/** Microsoft tenant as a Directory (tenant) ID GUID or a verified domain. */
export const TenantIdSchema = v.pipe(
  v.string(FIELD_MESSAGES.tenantIdRequired),
  v.trim(),
  v.nonEmpty(FIELD_MESSAGES.tenantIdRequired),
  v.check(
    (tenant) => !isReservedTenant(tenant),
    (issue) => RESERVED_TENANTS[issue.input.toLowerCase() as keyof typeof RESERVED_TENANTS],
  ),
  v.check(
    (tenant) => (GUID.test(tenant) && tenant !== NIL_GUID) || v.DOMAIN_REGEX.test(tenant),
    FIELD_MESSAGES.tenantIdInvalid,
  ),
);

/** OAuth client ID of a Google Cloud web application. */
export const GoogleClientIdSchema = v.pipe(
  v.string(FIELD_MESSAGES.googleClientIdRequired),
  v.trim(),
  v.endsWith('.apps.googleusercontent.com', FIELD_MESSAGES.googleClientIdSuffix),
  v.regex(GOOGLE_CLIENT_ID, FIELD_MESSAGES.googleClientIdInvalid),
);

/**
 * How Microsoft settings send: `smtp` (XOAUTH2 to Microsoft's submission server) or `graph` (Microsoft
 * Graph `sendMail`, for tenants where Authenticated SMTP is off); absent means `smtp`, as settings saved
 * before there was a choice are.
 */
export const SendingMethodSchema = v.optional(
  v.picklist(['smtp', 'graph'], FIELD_MESSAGES.sendingMethodInvalid),
);

/**
 * How Microsoft settings sign in: `delegated` (an admin's "Get Refresh Token") or `application` (client
 * credentials: the app's own token, no refresh token, admin consent once); absent means `delegated`.
 */
export const SignInSchema = v.optional(
  v.picklist(['delegated', 'application'], FIELD_MESSAGES.signInInvalid),
);

/** Opt-in for a self-hosted server with a self-signed or otherwise untrusted certificate; shown as a warning. */
export const AllowInvalidCertificateSchema = v.optional(
  v.boolean(FIELD_MESSAGES.allowInvalidCertificateNotBoolean),
);

/** The day the OAuth client secret expires, as the admin copied it from the app registration (`YYYY-MM-DD`). */
export const ClientSecretExpiresAtSchema = v.optional(
  v.pipe(
    v.string(FIELD_MESSAGES.clientSecretExpiresAtInvalid),
    v.isoDate(FIELD_MESSAGES.clientSecretExpiresAtInvalid),
  ),
);
