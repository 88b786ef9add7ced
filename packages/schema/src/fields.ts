import * as v from 'valibot';

const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
const GUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const URL_SCHEME = /^[a-z][\d+.a-z-]*:\/\//i;
const HOST_WITH_PORT = /^[^:]+:\d+$/;
// Unicode letters and combining marks admit IDN hosts as typed; the resolver converts them to punycode.
const HOSTNAME_LABEL = /^(?=.{1,63}$)[\p{L}\d](?:[\p{L}\p{M}\d-]*[\p{L}\p{M}\d])?$/u;
const IPV6_GROUP = /^[\da-f]{1,4}$/i;
// Not v.email(): it refuses real mailboxes such as o'brien@example.ie. Not v.rfcEmail(): it accepts a@b.
const MAILBOX =
  /^(?=[^@]{1,64}@)[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@(?:[\da-z](?:[\da-z-]{0,61}[\da-z])?\.)+(?:[a-z]{2,63}|xn--[\da-z-]{1,59})$/i;
const GOOGLE_CLIENT_ID = /^\d+-[\da-z]+\.apps\.googleusercontent\.com$/;
const PORT_MESSAGE = 'Port must be a whole number from 1 to 65535';
const TEXT_MESSAGE = 'Enter text, or leave the field empty';
const RESERVED_TENANTS = ['common', 'organizations', 'consumers'] as const;

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

function reservedTenant(tenant: string): string | undefined {
  return RESERVED_TENANTS.find((reserved) => reserved === tenant.toLowerCase());
}

function invalidHostMessage(issue: v.CheckIssue<string>): string {
  if (issue.input.includes(':')) return 'Enter a valid IPv6 address, like 2001:db8::25';
  if (/^[\d.]+$/.test(issue.input)) return 'Enter a valid IPv4 address, like 192.0.2.10';
  return 'Enter a valid server name, like smtp.example.com';
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
    v.optional(v.string(TEXT_MESSAGE)),
    v.transform((value) => {
      const text = trim ? value?.trim() : value;
      return text === '' ? undefined : text;
    }),
    v.optional(schema),
  );
}

/**
 * Builds the rules every secret shares: not empty, no control characters, bounded length; never trimmed.
 *
 * @example
 * const PasswordSchema = secretText('Password', 1024, 'Enter the password');
 */
/* @__NO_SIDE_EFFECTS__ */
export function secretText(label: string, maxLength: number, emptyMessage: string) {
  return v.pipe(
    v.string(emptyMessage),
    v.nonEmpty(emptyMessage),
    v.regex(NO_CONTROL_CHARACTERS, `${label} cannot contain line breaks or control characters`),
    v.maxLength(maxLength, `${label} can be at most ${maxLength} characters`),
  );
}

/** SMTP server: a hostname (IDN allowed), an IPv4 address or a bracket-less IPv6 address. */
export const HostSchema = v.pipe(
  v.string('Enter the SMTP server'),
  v.trim(),
  v.nonEmpty('Enter the SMTP server'),
  v.check((host) => !URL_SCHEME.test(host), 'Enter the server name only, without smtp:// or https://'),
  v.check((host) => !/\s/.test(host), 'The server name cannot contain spaces'),
  v.check((host) => !/[[\]]/.test(host), 'Write the IPv6 address without brackets, like 2001:db8::25'),
  v.check(
    (host) => !HOST_WITH_PORT.test(host),
    'Put the port number in the SMTP Port field, not in the server name',
  ),
  v.maxLength(253, 'The server name is too long (at most 253 characters)'),
  v.check(isHost, invalidHostMessage),
);

/** SMTP port as a JSON number; strings such as "587" are refused rather than coerced. */
export const PortSchema = v.pipe(
  v.number(PORT_MESSAGE),
  v.integer(PORT_MESSAGE),
  v.minValue(1, PORT_MESSAGE),
  v.maxValue(65535, PORT_MESSAGE),
);

/** Connection security: implicit TLS, STARTTLS upgrade, or plain text. */
export const SecuritySchema = v.picklist(['tls', 'starttls', 'none'], 'Choose SSL/TLS, STARTTLS or None');

/** Sender mailbox: a bare address, since the display name has its own field. */
export const FromEmailSchema = v.pipe(
  v.string('Enter the From email address'),
  v.trim(),
  v.nonEmpty('Enter the From email address'),
  v.check(
    (email) => !/[<>]/.test(email),
    'Enter the email address only, without a name or < >; put the name in From Name',
  ),
  v.maxLength(254, 'The email address is too long (at most 254 characters)'),
  v.regex(MAILBOX, 'Enter a valid email address, like notifications@example.com'),
);

/** Sender display name; control characters are refused because they could inject mail headers. */
export const FromNameSchema = optionalText(
  v.pipe(
    v.string(TEXT_MESSAGE),
    v.regex(NO_CONTROL_CHARACTERS, 'From Name cannot contain line breaks or control characters'),
    v.maxLength(256, 'From Name can be at most 256 characters'),
  ),
  { trim: true },
);

/** SMTP username for Basic authentication; kept verbatim because servers compare it byte for byte. */
export const UsernameSchema = optionalText(
  v.pipe(
    v.string(TEXT_MESSAGE),
    v.regex(NO_CONTROL_CHARACTERS, 'Username cannot contain line breaks or control characters'),
    v.maxLength(256, 'Username can be at most 256 characters'),
  ),
);

/** Application (client) ID of a Microsoft Entra app registration. */
export const MicrosoftClientIdSchema = v.pipe(
  v.string('Enter the Application (client) ID'),
  v.trim(),
  v.regex(GUID, 'Client ID must be the Application (client) ID GUID from the Azure app registration'),
);

/** Microsoft tenant as a Directory (tenant) ID GUID or a verified domain. */
export const TenantIdSchema = v.pipe(
  v.string('Enter the Directory (tenant) ID'),
  v.trim(),
  v.nonEmpty('Enter the Directory (tenant) ID'),
  v.check(
    (tenant) => reservedTenant(tenant) === undefined,
    // Names the reserved word from our own list, so the admin's input is never echoed.
    (issue) =>
      `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "${reservedTenant(issue.input)}" cannot be used`,
  ),
  v.check(
    (tenant) => GUID.test(tenant) || v.DOMAIN_REGEX.test(tenant),
    'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com',
  ),
);

/** OAuth client ID of a Google Cloud web application. */
export const GoogleClientIdSchema = v.pipe(
  v.string('Enter the Client ID'),
  v.trim(),
  v.endsWith('.apps.googleusercontent.com', 'Client ID must end with .apps.googleusercontent.com'),
  v.regex(
    GOOGLE_CLIENT_ID,
    'Copy the whole Client ID from Google Cloud, like 1234567890-abc123.apps.googleusercontent.com',
  ),
);

/** Opt-in for a self-hosted server with a self-signed or otherwise untrusted certificate; shown as a warning. */
export const AllowInvalidCertificateSchema = v.optional(
  v.boolean('Allow invalid certificate must be true or false'),
);

/** The day the OAuth client secret expires, as the admin copied it from the app registration (`YYYY-MM-DD`). */
export const ClientSecretExpiresAtSchema = v.optional(
  v.pipe(v.string('Enter the expiry date as YYYY-MM-DD'), v.isoDate('Enter the expiry date as YYYY-MM-DD')),
);
