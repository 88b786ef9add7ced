import type { FieldMessage } from './field-message.js';
import * as FIELD_MESSAGES from './field-messages.js';
import type { SecretField } from './secrets.js';

/**
 * The fields that name the connection a secret was given for, as saved settings, their public view and
 * drafts all hold them: the server account of a password (server, port, security, user name, certificate
 * check), the app registration of a client secret or refresh token (provider, tenant, client ID), and the
 * permission a refresh token was consented for (the sending method).
 */
export interface ConnectionFields {
  /** Basic or OAuth. */
  authType?: unknown;
  /** The OAuth provider. */
  provider?: unknown;
  /** SMTP server, compared without case and a trailing dot. */
  host?: unknown;
  /** SMTP port. */
  port?: unknown;
  /** Connection security. */
  security?: unknown;
  /** SMTP user name, compared exactly; empty is none. */
  username?: unknown;
  /** Invalid-certificate allowance; missing is `false`. */
  allowInvalidCertificate?: unknown;
  /** OAuth client ID, compared without case. */
  clientId?: unknown;
  /** Microsoft tenant, compared without case. */
  tenantId?: unknown;
  /** Microsoft's sending method, which a refresh token's consent names (SMTP.Send or Graph's Mail.Send); missing is `smtp`. */
  sendingMethod?: unknown;
}

const KEEP_REFUSED = {
  password: FIELD_MESSAGES.passwordServerChanged,
  clientSecret: FIELD_MESSAGES.clientSecretAppChanged,
  refreshToken: FIELD_MESSAGES.refreshTokenAppChanged,
} as const satisfies Record<SecretField, FieldMessage>;

// Text as the schemas would store it (trimmed), and as DNS and the identity providers read it (any case).
function loose(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

function connectionOf(settings: ConnectionFields): string {
  const host = loose(settings.host);
  return JSON.stringify([
    settings.authType,
    settings.provider,
    typeof host === 'string' ? host.replace(/\.$/, '') : host,
    settings.port,
    settings.security,
    // Servers compare the user name byte for byte; only "none" has two spellings.
    settings.username || undefined,
    settings.allowInvalidCertificate === true,
    loose(settings.clientId),
    loose(settings.tenantId),
  ]);
}

/**
 * Tells why the saved secret `field` cannot be kept for `draft`: a kept secret would otherwise follow
 * the settings to a server or app registration it was never given for — another admin could point the
 * server at one they control and receive the password. Answers the field's message ("Enter the password
 * again: the server changed") when the connection changed, `undefined` while it is the same one.
 *
 * @example
 * keepRefusal('password', saved, { ...saved, host: 'smtp.attacker.example' });
 * // 'Enter the password again: the server changed'
 */
export function keepRefusal(
  field: SecretField,
  saved: ConnectionFields,
  draft: ConnectionFields,
): FieldMessage | undefined {
  if (connectionOf(saved) !== connectionOf(draft)) return KEEP_REFUSED[field];
  // Consent for SMTP.Send mints no token for Graph, nor the other way round.
  if (field === 'refreshToken' && methodOf(saved) !== methodOf(draft)) {
    return FIELD_MESSAGES.refreshTokenMethodChanged;
  }
}

function methodOf(settings: ConnectionFields): unknown {
  return settings.sendingMethod ?? 'smtp';
}
