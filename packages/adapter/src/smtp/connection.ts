import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { domainToASCII } from 'node:url';
import { type Security, type SmtpSettings, signInOf } from '@smtp-settings/schema';

/** An OAuth access token and, when known, when it stops working. */
export interface AccessToken {
  /** The bearer token for AUTH XOAUTH2. */
  accessToken: string;
  /** When it expires, so a pool knows to ask for a new one. */
  expiresAt?: Date;
}

/** How a connection logs in. */
export type ConnectionAuth =
  | {
      /** Log in with a password (AUTH PLAIN, LOGIN or CRAM-MD5, whichever {@link authMechanismFor} picks). */
      method: 'password';
      /** The user name. */
      user: string;
      /** The password; it never appears in any result, error or log. */
      pass: string;
    }
  | {
      /** Log in with an OAuth access token (AUTH XOAUTH2). */
      method: 'xoauth2';
      /** The mailbox the token belongs to. */
      user: string;
      /** Gets a valid access token; a classified `SmtpFailure` it throws (e.g. `TOKEN_REVOKED`) is the login's failure. */
      accessToken: () => Promise<AccessToken>;
      /** Whether the token is the app's own (Application sign-in, client credentials), not a signed-in account's. */
      application?: boolean;
    };

/** Where a mail server listens and how to connect to it, e.g. an OAuth provider's submission server. */
export interface ConnectionEndpoint {
  /** Host name or IP address. */
  host: string;
  /** TCP port. */
  port: number;
  /** `tls`: TLS from the first byte; `starttls`: plain text upgraded by STARTTLS; `none`: never encrypted. */
  security: Security;
}

/** Everything needed to connect to a mail server, log in and send: what the Test checks and the mailer uses. */
export interface SmtpConnection extends ConnectionEndpoint {
  /**
   * `tls.connect` options: `servername` (SNI and the name the certificate must carry; absent for an IP
   * address), `rejectUnauthorized` (false only when the settings allow an invalid certificate) and the
   * shared `secureContext` that holds what is trusted.
   */
  tls: ConnectionOptions & { rejectUnauthorized: boolean };
  /** How to log in; without it mail is sent without authentication. */
  auth?: ConnectionAuth;
  /** The sender: MAIL FROM and the From header. */
  from: { email: string; name?: string };
}

/** What {@link connectionOf} needs besides the settings. */
export interface ConnectionContext {
  /** TLS options for every connection, above all a shared `secureContext` with the trusted CAs (see `createTlsTrust`). */
  tls?: ConnectionOptions;
  /** For OAuth settings: the provider's submission server, a source of access tokens and the signed-in account. */
  oauth?: {
    /** The provider's SMTP submission server. */
    endpoint: ConnectionEndpoint;
    /** Gets a valid access token for the settings' refresh token. */
    accessToken: () => Promise<AccessToken>;
    /** The account that signed in for the refresh token, the XOAUTH2 user; unknown for a token pasted by hand. */
    account?: string | undefined;
  };
}

/** A SASL mechanism both the Test and nodemailer can log in with. */
export type AuthMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2';

/** How a connection logs in to a server, by {@link authMechanismFor}. */
export interface AuthChoice {
  /** The mechanism. */
  mechanism: AuthMechanism;
  /** Whether the server listed it; nodemailer tries an unlisted one too, when the server lists none it can use. */
  listed: boolean;
}

/** What a server said about AUTH after EHLO. */
export interface AuthOffer {
  /**
   * Whether it takes AUTH at all: its EHLO reply has an AUTH line, or it knows only HELO (which lists
   * nothing, and nodemailer then tries a login anyway).
   */
  offered: boolean;
  /** The mechanisms it listed, upper case, in its order. */
  mechanisms: readonly string[];
}

// nodemailer's order of preference for a password, whatever order the server lists them in.
const PASSWORD_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const;

/**
 * The one mapping from opened settings to a connection: the server, security and login of Basic
 * settings, or for OAuth the provider's submission server with XOAUTH2 as the signed-in account (the
 * From Email when a token was pasted by hand, and for Application sign-in); the Test and the mailer both
 * connect with what it returns.
 *
 * @example
 * ```ts
 * const connection = connectionOf(settings, {
 *   tls: { secureContext: createTlsTrust(privateCa) },
 *   ...(settings.authType === 'oauth' && {
 *     oauth: { endpoint: providers[settings.provider].smtp, accessToken: () => mint(settings), account },
 *   }),
 * });
 * ```
 */
export function connectionOf(settings: SmtpSettings, context: ConnectionContext = {}): SmtpConnection {
  const from = {
    email: settings.fromEmail,
    ...(settings.fromName !== undefined && { name: settings.fromName }),
  };
  if (settings.authType === 'basic') {
    return {
      host: settings.host,
      port: settings.port,
      security: settings.security,
      tls: tlsOf(settings.host, context.tls, settings.allowInvalidCertificate === true),
      ...(settings.username !== undefined && {
        auth: { method: 'password' as const, user: settings.username, pass: settings.password ?? '' },
      }),
      from,
    };
  }
  const { oauth } = context;
  if (!oauth) throw new TypeError('OAuth settings need the provider endpoint and an access token source');
  const { host, port, security } = oauth.endpoint;
  return {
    host,
    port,
    security,
    // A provider's server must present a valid certificate: OAuth settings have no allowance for one.
    tls: tlsOf(host, context.tls, false),
    auth: {
      method: 'xoauth2',
      user: xoauth2User(settings, oauth.account),
      accessToken: oauth.accessToken,
      ...(signInOf(settings) === 'application' && { application: true }),
    },
    from,
  };
}

/**
 * The mailbox a login with the app's own token (Application sign-in) is for: a server that refuses it
 * wants the app's SMTP.SendAsApp permission and access to that mailbox, not a new refresh token. None for
 * any other login.
 */
export function appLoginMailbox(auth: ConnectionAuth | undefined): string | undefined {
  return auth?.method === 'xoauth2' && auth.application === true ? auth.user : undefined;
}

/**
 * Whom an OAuth connection logs in as: the From Email for Application sign-in, whose token is the app's
 * own and names no mailbox; otherwise the account that signed in, or the From Email when it is unknown.
 */
function xoauth2User(
  settings: Extract<SmtpSettings, { authType: 'oauth' }>,
  account: string | undefined,
): string {
  return signInOf(settings) === 'application' ? settings.fromEmail : (account ?? settings.fromEmail);
}

/**
 * The mechanism a connection logs in with, by nodemailer's rule (10.6, `SMTPConnection#login` and the
 * pool's `allowsAuth` check, without `forceAuth`): no login when the server offers no AUTH; XOAUTH2 for a
 * token; for a password the first of PLAIN, LOGIN, CRAM-MD5 that the server lists, else PLAIN unlisted.
 * `undefined` means mail goes out without a login.
 *
 * @example
 * authMechanismFor({ method: 'password' }, { offered: true, mechanisms: ['CRAM-MD5', 'LOGIN'] });
 * // { mechanism: 'LOGIN', listed: true }
 */
export function authMechanismFor(
  auth: Pick<ConnectionAuth, 'method'>,
  offer: AuthOffer,
): AuthChoice | undefined {
  if (!offer.offered) return undefined;
  if (auth.method === 'xoauth2')
    return { mechanism: 'XOAUTH2', listed: offer.mechanisms.includes('XOAUTH2') };
  const mechanism = PASSWORD_MECHANISMS.find((candidate) => offer.mechanisms.includes(candidate));
  return mechanism ? { mechanism, listed: true } : { mechanism: 'PLAIN', listed: false };
}

function tlsOf(
  host: string,
  extra: ConnectionOptions | undefined,
  allowInvalidCertificate: boolean,
): SmtpConnection['tls'] {
  const servername = extra?.servername ?? serverNameOf(host);
  return {
    ...extra,
    ...(servername !== undefined && { servername }),
    // A host's own `rejectUnauthorized: false` still counts, as it always did for the mailer.
    rejectUnauthorized: !allowInvalidCertificate && extra?.rejectUnauthorized !== false,
  };
}

/** The name for SNI and the certificate check: none for an IP address, the ASCII form of a domain name. */
function serverNameOf(host: string): string | undefined {
  const name = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(name) !== 0) return undefined;
  return domainToASCII(name) || name;
}
