import type { Security } from '@smtp-settings/schema';
import type { SMTPPoolOptions } from 'nodemailer';
import type { ConnectionAuth, SmtpConnection } from '../smtp/connection.js';

/** Pooled SMTP options as `nodemailer.createTransport` takes them. */
export type PoolOptions = SMTPPoolOptions & { pool: true };

/** How many connections a mailer's pool opens at most (nodemailer's default): the outbox sizes its mailer LRU by it. */
export const MAILER_POOL_SIZE = 5;

/**
 * Enforced on every message of every transport: an application's `path` or `href` must not read the
 * server's files or reach its network (nodemailer would read `text: { path: '/etc/passwd' }` into the mail).
 */
export const MESSAGE_SANDBOX = { disableFileAccess: true, disableUrlAccess: true } as const;

// nodemailer waits 120 s / 30 s / 10 min by default; an application should learn much sooner.
const POOL_DEFAULTS = {
  pool: true,
  maxConnections: MAILER_POOL_SIZE,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  ...MESSAGE_SANDBOX,
} as const;

/**
 * Turns a connection (see `connectionOf`) into nodemailer pool options: its server, security, TLS
 * options and login, XOAUTH2 tokens coming from the connection's token source; no message may read a
 * file or URL.
 *
 * @example
 * ```ts
 * const transporter = nodemailer.createTransport(transportOptions(connectionOf(settings, { tls })));
 * ```
 */
export function transportOptions(connection: SmtpConnection): PoolOptions {
  const { host, port, security, tls, auth } = connection;
  return {
    ...POOL_DEFAULTS,
    host,
    port,
    ...securityOptions(security),
    ...(auth && { auth: authOptions(auth) }),
    tls,
  };
}

/** nodemailer's login options for a connection's login. */
function authOptions(auth: ConnectionAuth): NonNullable<SMTPPoolOptions['auth']> {
  if (auth.method === 'password') return { user: auth.user, pass: auth.pass };
  return {
    type: 'OAuth2',
    user: auth.user,
    // No refresh token for nodemailer: its own refresh would drop a rotated one, so tokens come from us.
    // Each new pooled connection asks here, so a renewed token reaches the pool without a rebuild;
    // `renew` is ignored, as the token source knows which token failed and drops exactly that one.
    provisionCallback: (_user, _renew, callback) => {
      auth.accessToken().then(
        (token) => callback(null, token.accessToken, token.expiresAt?.getTime()),
        // nodemailer turns this into EAUTH; a classified failure rides along as the cause.
        (error: unknown) => callback(new Error('No access token', { cause: error })),
      );
    },
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
