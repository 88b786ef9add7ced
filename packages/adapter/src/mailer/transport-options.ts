import type { ConnectionOptions } from 'node:tls';
import type { Security, SmtpSettings } from '@smtp-settings/schema';
import type { SMTPPoolOptions, XOAuth2Options } from 'nodemailer';
import type { Providers } from '../providers/provider.js';

/** What the pool options need besides the settings. */
export interface TransportContext {
  /** Where each OAuth provider's mail server is. */
  providers: Providers;
  /** Extra TLS options for every connection, e.g. `{ ca }` to trust a private CA. */
  tls?: ConnectionOptions;
  /** The signed-in account of an OAuth refresh token, the XOAUTH2 user; defaults to the From Email. */
  account?: string | undefined;
  /** Hands nodemailer an access token whenever a pooled connection logs in with OAuth. */
  provisionToken: NonNullable<XOAuth2Options['provisionCallback']>;
}

/** Pooled SMTP options as `nodemailer.createTransport` takes them. */
export type PoolOptions = SMTPPoolOptions & { pool: true };

// nodemailer waits 120 s / 30 s / 10 min by default; an application should learn much sooner.
const POOL_DEFAULTS = {
  pool: true,
  maxConnections: 5,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  // Enforced on every message: an application's `path` or `href` must not read the server's files or reach
  // its network (nodemailer would read `text: { path: '/etc/passwd' }` into the mail).
  disableFileAccess: true,
  disableUrlAccess: true,
} as const;

/**
 * Turns opened settings into nodemailer pool options: the server and security of a Basic setup, or of
 * the OAuth provider with XOAUTH2 tokens from `context.provisionToken`; no message may read a file or URL.
 *
 * @example
 * ```ts
 * const transporter = nodemailer.createTransport(transportOptions(settings, { providers, provisionToken }));
 * ```
 */
export function transportOptions(settings: SmtpSettings, context: TransportContext): PoolOptions {
  if (settings.authType === 'basic') {
    const tls = { ...context.tls, ...(settings.allowInvalidCertificate && { rejectUnauthorized: false }) };
    return {
      ...POOL_DEFAULTS,
      host: settings.host,
      port: settings.port,
      ...securityOptions(settings.security),
      ...(settings.username !== undefined && {
        auth: { user: settings.username, pass: settings.password ?? '' },
      }),
      ...(Object.keys(tls).length > 0 && { tls }),
    };
  }
  const { host, port, security } = context.providers[settings.provider].smtp;
  return {
    ...POOL_DEFAULTS,
    host,
    port,
    ...securityOptions(security),
    // No refresh token for nodemailer: its own refresh would drop a rotated one, so tokens come from us.
    // Until the OAuth flow stores the signed-in account, the From Email is the mailbox.
    auth: {
      type: 'OAuth2',
      user: context.account ?? settings.fromEmail,
      provisionCallback: context.provisionToken,
    },
    ...(context.tls && { tls: context.tls }),
  };
}

/** nodemailer's TLS switches for a connection security setting. */
function securityOptions(security: Security): Pick<SMTPPoolOptions, 'secure' | 'requireTLS' | 'ignoreTLS'> {
  switch (security) {
    case 'tls':
      return { secure: true };
    case 'starttls':
      return { secure: false, requireTLS: true };
    case 'none':
      return { secure: false, ignoreTLS: true };
  }
}
