import type { SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { ProbeError } from './probe/probe-error.js';
import { cleanServerText, formatReply, parseReply, type SmtpReply } from './smtp-reply.js';

/** What else is known about a failure than its stage. */
export interface ClassifyContext {
  /** The command the reply answered (`EHLO`, `STARTTLS`, `AUTH PLAIN`, `MAIL FROM`, `RCPT TO`, `DATA`…), never its arguments. */
  command?: string;
  /** The base64 error challenge (`334 …`) an XOAUTH2 server sent before its final reply. */
  oauthChallenge?: string;
}

/** Fixes for replies admins actually hit; the codes' default hints live in `hints.ts`. */
const HINT = {
  toStartTls:
    'This port speaks plain SMTP first: choose STARTTLS (usually port 587), or keep SSL/TLS and use port 465.',
  toImplicitTls:
    'This port expects SSL/TLS from the first byte (usually port 465): choose SSL/TLS, or keep STARTTLS and use port 587.',
  encryptFirst:
    'The server accepts a login only over an encrypted connection: choose STARTTLS (port 587) or SSL/TLS (port 465).',
  authenticatedSmtp:
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), and check the user name and password.',
  authenticatedSmtpOff:
    'Enable "Authenticated SMTP" for the mailbox (Microsoft 365 admin center → Users → Mail → Manage email apps), or for the whole tenant.',
  basicAuthOff:
    'Microsoft has turned off password sign-in (Basic auth) for SMTP here: choose Microsoft OAuth instead of a password.',
  securityDefaults:
    'Security defaults or a Conditional Access policy block password sign-in for SMTP: choose Microsoft OAuth instead of a password.',
  microsoftOauth:
    'Enable "Authenticated SMTP" for the mailbox, and check that the app was granted the SMTP.Send permission for it.',
  sendAs:
    'Grant the signed-in account "Send As" on the From address (Exchange admin center → Mailboxes → Delegation), or use the account\'s own address as From Email.',
  googleAppPassword: 'Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  googleCredentials:
    'Check the user name and password; Google accepts only an app password for SMTP Basic auth — create one, or use OAuth.',
  oauthToken:
    'The server refused the access token: sign in again with the account whose address is the user name, and check that the app may send mail (Google: https://mail.google.com/, Microsoft: SMTP.Send).',
  temporary: 'The server reported a temporary problem; try again in a few minutes.',
  untrusted:
    "The certificate is not signed by an authority this server trusts: use the provider's official host name, or allow an invalid certificate only for a server you control.",
  outdated:
    "The mail server's certificate is out of date: its administrator must renew it (or fix the server clock).",
  oldTls:
    'The mail server offers only outdated TLS versions (before 1.2): ask its administrator to update it.',
} as const;

const CERTIFICATE_PROBLEMS: Readonly<Record<string, { message: string; hint?: string }>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: { message: 'The server certificate is self-signed.', hint: HINT.untrusted },
  SELF_SIGNED_CERT_IN_CHAIN: {
    message: 'The server certificate chain ends in a self-signed certificate that is not trusted.',
    hint: HINT.untrusted,
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    message: 'The server certificate could not be verified: its issuer is unknown or missing from the chain.',
    hint: HINT.untrusted,
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    message: 'The server certificate could not be verified: its issuer is unknown or missing from the chain.',
    hint: HINT.untrusted,
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    message: 'The server certificate was issued by an authority this server does not trust.',
    hint: HINT.untrusted,
  },
  CERT_UNTRUSTED: { message: 'The server certificate is not trusted.', hint: HINT.untrusted },
  CERT_REJECTED: { message: 'The server certificate is not trusted.', hint: HINT.untrusted },
  INVALID_CA: {
    message: 'The server certificate chain contains an invalid authority.',
    hint: HINT.untrusted,
  },
  CERT_SIGNATURE_FAILURE: {
    message: 'The server certificate has an invalid signature.',
    hint: HINT.untrusted,
  },
  CERT_HAS_EXPIRED: { message: 'The server certificate has expired.', hint: HINT.outdated },
  CERT_NOT_YET_VALID: { message: 'The server certificate is not valid yet.', hint: HINT.outdated },
  CERT_REVOKED: { message: 'The server certificate has been revoked.' },
  ERR_TLS_CERT_ALTNAME_INVALID: { message: 'The server certificate was issued for another host name.' },
  HOSTNAME_MISMATCH: { message: 'The server certificate was issued for another host name.' },
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_NONAME', 'ENODATA', 'EAI_FAIL', 'EAI_NODATA', 'EDNS']);
const DNS_TEMPORARY_CODES = new Set(['EAI_AGAIN', 'ESERVFAIL']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN', 'ENETDOWN']);
const LOST_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ECONNECTION',
  'ESOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ABORT_ERR']);
const WRONG_MODE_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
]);
const WRONG_MODE_MESSAGE = /wrong version number|packet length too long|unknown protocol|http request/i;
const STAGE_OF_TIMEOUT: Readonly<Record<string, TestStageName>> = {
  CONNECT_TIMEOUT: 'connect',
  GREETING_TIMEOUT: 'connect',
  UPGRADE_TIMEOUT: 'tls',
};

/** The fields of Node, OpenSSL and nodemailer errors that tell what happened; none of them holds a secret. */
interface ErrorFacts {
  code?: string;
  originalCode?: string;
  name?: string;
  message: string;
  response?: string;
  command?: string;
  timeoutType?: string;
  reason?: string;
  hostname?: string;
  host?: string;
  address?: string;
  port?: number;
  altNames?: string;
}

/**
 * Classifies any error met while talking SMTP — Node socket, DNS and TLS errors, nodemailer errors
 * (`EAUTH`, `ESOCKET`, `ETIMEDOUT`, `ECONNECTION`, `ETLS`, `EDNS`, `EENVELOPE`, `EMESSAGE`, `EPROTOCOL`),
 * the probe's own errors — into one stable {@link SmtpFailure}. `stage` is where it happened; pass
 * `'send'` when only "while sending" is known and the error's own facts pick the stage.
 *
 * @example
 * try {
 *   await transporter.sendMail(message);
 * } catch (error) {
 *   throw classifyError(error, 'send');
 * }
 */
export function classifyError(
  error: unknown,
  stage: TestStageName,
  context: ClassifyContext = {},
): SmtpFailure {
  if (error instanceof SmtpFailure) return error;
  const facts = factsOf(error);
  const command = context.command ?? realCommand(facts.command);
  const inferred = command === undefined ? undefined : stageOfCommand(command);
  const at = stage === 'send' ? (inferred ?? STAGE_OF_TIMEOUT[facts.timeoutType ?? ''] ?? stage) : stage;

  // The reply reader's own protocol errors carry the offending text, which may merely look like a reply.
  const readerRejected = error instanceof ProbeError && error.code === 'EPROTOCOL';
  const reply = facts.response === undefined || readerRejected ? undefined : parseReply(facts.response);
  if (reply) return replyFailure(reply, at, { ...context, ...(command !== undefined && { command }) }, error);

  const fail = (
    code: SmtpErrorCode,
    message: string,
    extra: { hint?: string; transient?: boolean; stage?: TestStageName } = {},
  ) =>
    new SmtpFailure(code, message, {
      stage: stage === 'send' && extra.stage ? extra.stage : at,
      cause: error,
      ...(extra.hint !== undefined && { hint: extra.hint }),
      ...(extra.transient !== undefined && { transient: extra.transient }),
      ...(facts.response !== undefined && { serverReply: cleanServerText(facts.response) }),
    });
  const ours = error instanceof ProbeError ? error.message : undefined;

  const { message } = facts;
  for (const code of [facts.originalCode, facts.code, certificateCodeInMessage(message)]) {
    if (code === undefined) continue;
    if (code === 'ETLSEXPECTED') {
      return fail('TLS_WRONG_MODE', ours ?? 'The server expects TLS.', { hint: HINT.toImplicitTls });
    }
    if (DNS_CODES.has(code)) {
      const name = facts.hostname ? `The host name ${quote(facts.hostname)}` : 'The host name';
      return fail('DNS_NOT_FOUND', `${name} does not exist in DNS.`, { stage: 'dns' });
    }
    if (DNS_TEMPORARY_CODES.has(code)) {
      const text = 'DNS did not answer for the host name; it may be a temporary problem.';
      return fail('DNS_NOT_FOUND', text, { stage: 'dns', transient: true });
    }
    if (code === 'ECONNREFUSED') {
      return fail('CONNECTION_REFUSED', `The mail server${endpoint(facts)} refused the connection.`, {
        stage: 'connect',
      });
    }
    if (UNREACHABLE_CODES.has(code)) {
      const text = `There is no network route to the mail server${endpoint(facts)}.`;
      return fail('CONNECTION_REFUSED', text, { stage: 'connect', transient: true });
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && facts.altNames) {
      const names = cleanServerText(facts.altNames, 200);
      return fail(
        'TLS_CERT_INVALID',
        `The server certificate is valid for ${names}, not for ${quote(facts.host ?? 'this host')}.`,
        {
          hint: 'Use the host name the certificate was issued for as the SMTP server name.',
          stage: 'tls',
        },
      );
    }
    const certificate = CERTIFICATE_PROBLEMS[code];
    if (certificate) {
      return fail('TLS_CERT_INVALID', certificate.message, {
        stage: 'tls',
        ...(certificate.hint && { hint: certificate.hint }),
      });
    }
    if (WRONG_MODE_CODES.has(code)) return wrongMode();
    // OpenSSL has dozens of verification codes; any other one about certificates is still one.
    if (/CERT|ISSUER|_CA$|PURPOSE|PATH_LENGTH|CRL/.test(code)) {
      return fail('TLS_CERT_INVALID', `The server certificate could not be verified (${code}).`, {
        stage: 'tls',
      });
    }
  }
  if (WRONG_MODE_MESSAGE.test(message)) return wrongMode();

  const codes = [facts.originalCode, facts.code].filter((code) => code !== undefined);
  if (
    codes.some((code) => TIMEOUT_CODES.has(code)) ||
    facts.name === 'TimeoutError' ||
    facts.name === 'AbortError'
  ) {
    return fail('TIMEOUT', ours ?? timeoutMessage(facts), { transient: true });
  }
  const tlsCode = (code: string) =>
    code === 'ETLS' || code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
  if (codes.some(tlsCode) || /SSL routines|alert/i.test(message)) {
    const reason = facts.reason ? `: ${cleanServerText(facts.reason, 120)}` : '';
    return fail('TLS_FAILED', `The TLS handshake failed${reason}.`, {
      stage: 'tls',
      ...(/unsupported protocol|protocol version/i.test(`${facts.reason} ${message}`) && {
        hint: HINT.oldTls,
      }),
    });
  }
  if (codes.some((code) => LOST_CODES.has(code))) {
    return fail('CONNECTION_LOST', ours ?? 'The server closed the connection unexpectedly.', {
      transient: true,
    });
  }
  const code = facts.code ?? '';
  if (code === 'EPROTOCOL') return fail('SMTP_ERROR', ours ?? "The server's answer is not valid SMTP.");
  if (code === 'EAUTH') {
    return /unknown authentication method/i.test(message)
      ? fail('AUTH_MECH_UNSUPPORTED', 'The chosen login method is not supported.', { stage: 'auth' })
      : fail(
          'AUTH_FAILED',
          'The login failed before the server answered: no password or access token was given.',
          {
            stage: 'auth',
          },
        );
  }
  if (code === 'EENVELOPE') {
    return /recipient/i.test(message)
      ? fail('RECIPIENT_REJECTED', 'No valid recipient address was given.', { stage: 'envelope' })
      : fail('SENDER_REJECTED', 'No valid sender address was given.', { stage: 'envelope' });
  }
  if (code === 'EMESSAGE') {
    const text = /size/i.test(message)
      ? 'The message is larger than the server accepts.'
      : 'The message could not be sent.';
    return fail('MESSAGE_REJECTED', text, { stage: 'send' });
  }
  return fail('SMTP_ERROR', 'An unexpected error stopped the conversation with the mail server.');

  function wrongMode(): SmtpFailure {
    return fail('TLS_WRONG_MODE', 'The server answered the TLS handshake in plain text.', {
      hint: HINT.toStartTls,
      stage: 'tls',
    });
  }
}

/**
 * Classifies an SMTP error reply into a stable {@link SmtpFailure} carrying the reply and, for the
 * replies admins actually hit (Microsoft 365, Gmail, XOAUTH2), a specific fix.
 *
 * @example
 * classifyReply({ code: 554, enhanced: '5.2.252', text: 'SendAsDenied; …' }, 'envelope', { command: 'MAIL FROM' });
 * // SmtpFailure { code: 'SENDER_REJECTED', hint: 'Grant the signed-in account "Send As" …' }
 */
export function classifyReply(
  reply: SmtpReply,
  stage: TestStageName,
  context: ClassifyContext = {},
): SmtpFailure {
  return replyFailure(reply, stage, context, undefined);
}

/**
 * Classifies a failure to get an OAuth access token as the `auth` step's failure: an {@link SmtpFailure}
 * the token source threw (such as `TOKEN_REVOKED`) keeps its code, anything else is `TOKEN_FAILED`
 * whose `cause` keeps only the error's name.
 */
export function classifyTokenError(error: unknown): SmtpFailure {
  if (error instanceof SmtpFailure) {
    if (error.stage === 'auth') return error;
    return new SmtpFailure(error.code, error.message, {
      stage: 'auth',
      hint: error.hint,
      transient: error.transient,
      cause: error,
      ...(error.serverReply !== undefined && { serverReply: error.serverReply }),
    });
  }
  // Token library errors can carry the request that failed (gaxios keeps the refresh token and client
  // secret in `config.data`), so only the error's name survives.
  const name = error instanceof Error ? error.name : typeof error;
  return new SmtpFailure('TOKEN_FAILED', 'Could not get an OAuth access token for the mail server.', {
    stage: 'auth',
    cause: { name },
  });
}

function replyFailure(
  reply: SmtpReply,
  stage: TestStageName,
  context: ClassifyContext,
  cause: unknown,
): SmtpFailure {
  const command = realCommand(context.command) ?? '';
  const { code, text } = reply;
  const enhanced = reply.enhanced ?? '';
  const transient = code >= 400 && code < 500;
  const oauthError = decodeOauthChallenge(context.oauthChallenge ?? (code === 334 ? text : undefined));
  const serverReply = cleanServerText(
    oauthError ? `${formatReply(reply)} (${oauthError})` : formatReply(reply),
  );
  const isAuth = stage === 'auth' || command.startsWith('AUTH');
  const isOauth = command === 'AUTH XOAUTH2' || oauthError !== undefined;
  const fail = (smtpCode: SmtpErrorCode, message: string, hint?: string) =>
    new SmtpFailure(smtpCode, message, {
      stage,
      serverReply,
      transient,
      cause,
      ...(hint !== undefined && { hint }),
    });

  const microsoftHint = microsoftAuthBlock(reply, isAuth, isOauth);
  if (microsoftHint) {
    return fail(
      'SMTP_AUTH_DISABLED',
      'The server refused the login: authenticated SMTP is not allowed for this account.',
      microsoftHint,
    );
  }
  if (enhanced === '5.2.252' || enhanced === '5.7.60' || /SendAsDenied|permissions? to send as/i.test(text)) {
    return fail('SENDER_REJECTED', 'The account may not send as the From address.', HINT.sendAs);
  }
  if (isAuth && (code === 504 || code === 502 || /mechanism|unrecognized authentication type/i.test(text))) {
    return fail(
      'AUTH_MECH_UNSUPPORTED',
      `The server does not support ${command ? `${command} ` : 'this login method '}here.`,
    );
  }
  if (isAuth && isOauth && (code === 334 || code >= 500)) {
    return fail('AUTH_FAILED', 'The server refused the OAuth access token.', HINT.oauthToken);
  }
  if (
    (code === 534 && (enhanced === '5.7.9' || enhanced === '5.7.14')) ||
    /application-specific password/i.test(text)
  ) {
    return fail('AUTH_FAILED', 'Google refused the password for SMTP.', HINT.googleAppPassword);
  }
  if (/username and password not accepted/i.test(text)) {
    return fail('AUTH_FAILED', 'The server refused the user name and password.', HINT.googleCredentials);
  }
  if (code === 538 || ((code === 530 || code === 554) && /STARTTLS|\bTLS\b|encrypt/i.test(text))) {
    return fail('TLS_WRONG_MODE', 'The server requires an encrypted connection first.', HINT.encryptFirst);
  }
  if (
    code === 530 ||
    enhanced === '5.7.57' ||
    (!isAuth && /authentication (is )?required|not authenticated/i.test(text))
  ) {
    return fail('AUTH_REQUIRED', 'The server requires a login before it accepts mail.');
  }
  if (isAuth && code === 534)
    return fail('AUTH_MECH_UNSUPPORTED', 'The server considers this login method too weak.');
  if (command === 'STARTTLS') return fail('TLS_FAILED', 'The server refused to start TLS.');
  if (isRateLimit(reply))
    return fail('RATE_LIMITED', 'The server is limiting how much this account may connect or send.');
  if (transient)
    return fail('SMTP_ERROR', `The server reported a temporary error (${code}).`, HINT.temporary);
  if (isAuth && code === 535) return fail('AUTH_FAILED', 'The server refused the user name and password.');

  const role = envelopeRole(command, stage, enhanced);
  if (role === 'sender' && [501, 550, 551, 553, 554, 555].includes(code)) {
    return fail('SENDER_REJECTED', 'The server refused the sender (From) address.');
  }
  if (role === 'recipient' && [501, 550, 551, 552, 553, 554].includes(code)) {
    return fail('RECIPIENT_REJECTED', 'The server refused the recipient address.');
  }
  if ((command === 'DATA' || stage === 'send') && (code === 550 || code === 552 || code === 554)) {
    return fail('MESSAGE_REJECTED', 'The server refused the message.');
  }
  const what = command || STAGE_LABELS[stage];
  return fail(
    'SMTP_ERROR',
    code >= 400
      ? `The server refused ${what} (${code}).`
      : `The server gave an unexpected answer to ${what} (${code}).`,
  );
}

const STAGE_LABELS: Readonly<Record<TestStageName, string>> = {
  dns: 'the lookup',
  connect: 'the connection',
  tls: 'TLS',
  ehlo: 'EHLO',
  auth: 'the login',
  envelope: 'the envelope',
  send: 'the message',
};

function microsoftAuthBlock(
  { code, enhanced, text }: SmtpReply,
  isAuth: boolean,
  isOauth: boolean,
): string | undefined {
  if (/SmtpClientAuthentication is disabled/i.test(text)) return HINT.authenticatedSmtpOff;
  if (/basic authentication is disabled/i.test(text)) return HINT.basicAuthOff;
  if (enhanced === '5.7.139')
    return /did not meet the criteria/i.test(text) ? HINT.securityDefaults : HINT.authenticatedSmtpOff;
  if (enhanced === '5.7.3' && code >= 500 && (isAuth || code === 535))
    return isOauth ? HINT.microsoftOauth : HINT.authenticatedSmtp;
  return undefined;
}

function isRateLimit({ code, enhanced = '', text }: SmtpReply): boolean {
  if (code >= 400 && code < 500) {
    return (
      (code === 421 && enhanced === '4.7.0') ||
      ((code === 450 || code === 451) && enhanced.startsWith('4.7.')) ||
      /\brate\b|throttl|too many/i.test(text)
    );
  }
  return /sending (limit|quota)|rate.?limit|throttl/i.test(text);
}

function envelopeRole(
  command: string,
  stage: TestStageName,
  enhanced: string,
): 'sender' | 'recipient' | undefined {
  if (command === 'MAIL FROM') return 'sender';
  if (command === 'RCPT TO') return 'recipient';
  if (stage !== 'envelope' || command !== '') return undefined;
  // Without the command, RFC 3463 address subcodes still tell whose address was refused.
  const detail = /^[45]\.1\.(\d+)$/.exec(enhanced)?.[1];
  if (detail === '7' || detail === '8') return 'sender';
  if (detail !== undefined) return 'recipient';
  return undefined;
}

function decodeOauthChallenge(challenge: string | undefined): string | undefined {
  const payload = challenge?.trim();
  if (!payload || !/^[A-Za-z0-9+/]+=*$/.test(payload)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    return parsed !== null && typeof parsed === 'object'
      ? cleanServerText(JSON.stringify(parsed), 200)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The command's name only: a client command line may carry credentials and never reaches a message. */
function realCommand(command: string | undefined): string | undefined {
  const name = /^(MAIL FROM|RCPT TO|AUTH [A-Z0-9-]+|[A-Z]+)\b/i
    .exec(command?.trim() ?? '')?.[1]
    ?.toUpperCase();
  return name === undefined || name === 'CONN' || name === 'API' ? undefined : name;
}

function stageOfCommand(command: string): TestStageName | undefined {
  if (command.startsWith('AUTH')) return 'auth';
  if (command === 'MAIL FROM' || command === 'RCPT TO' || command === 'RSET') return 'envelope';
  if (command === 'DATA') return 'send';
  if (command === 'EHLO' || command === 'HELO' || command === 'LHLO') return 'ehlo';
  if (command === 'STARTTLS') return 'tls';
  return undefined;
}

function certificateCodeInMessage(message: string): string | undefined {
  if (/self[- ]signed certificate in certificate chain/i.test(message)) return 'SELF_SIGNED_CERT_IN_CHAIN';
  if (/self[- ]signed certificate/i.test(message)) return 'DEPTH_ZERO_SELF_SIGNED_CERT';
  if (/unable to verify the first certificate/i.test(message)) return 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
  if (/unable to get local issuer certificate/i.test(message)) return 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
  if (/certificate has expired/i.test(message)) return 'CERT_HAS_EXPIRED';
  if (/does not match certificate's altnames/i.test(message)) return 'ERR_TLS_CERT_ALTNAME_INVALID';
  return undefined;
}

function timeoutMessage(facts: ErrorFacts): string {
  if (facts.timeoutType === 'GREETING_TIMEOUT')
    return 'The server accepted the connection but never sent its greeting.';
  if (facts.timeoutType === 'UPGRADE_TIMEOUT') return 'The TLS handshake timed out.';
  if (facts.timeoutType === 'CONNECT_TIMEOUT')
    return `Connecting to the mail server${endpoint(facts)} timed out.`;
  return 'The mail server did not answer in time.';
}

function endpoint({ address, port }: ErrorFacts): string {
  if (address === undefined) return '';
  return port === undefined ? ` at ${address}` : ` at ${address} port ${port}`;
}

function quote(name: string): string {
  return `"${cleanServerText(name, 255)}"`;
}

function factsOf(error: unknown): ErrorFacts {
  if (error === null || typeof error !== 'object') return { message: String(error) };
  const record = error as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const cert = record.cert as Record<string, unknown> | undefined;
  const facts: ErrorFacts = { message: text('message') ?? '' };
  const assign = <K extends keyof ErrorFacts>(key: K, value: ErrorFacts[K] | undefined) => {
    if (value !== undefined) facts[key] = value;
  };
  assign('code', text('code'));
  assign('originalCode', text('originalCode'));
  assign('name', text('name'));
  assign('response', text('response'));
  assign('command', text('command'));
  assign('timeoutType', text('timeoutType'));
  assign('reason', text('reason'));
  assign('hostname', text('hostname'));
  assign('host', text('host'));
  assign('address', text('address'));
  assign('port', typeof record.port === 'number' ? record.port : undefined);
  assign('altNames', typeof cert?.subjectaltname === 'string' ? cert.subjectaltname : undefined);
  return facts;
}
