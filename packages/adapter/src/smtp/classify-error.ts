import type { SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { SPECIFIC_HINTS } from '../failures/hints.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { type ClassifyContext, realCommand, stageOfCommand } from './classify-context.js';
import { failureOfReply } from './classify-reply.js';
import { ProbeError } from './probe/probe-error.js';
import { cleanServerText, parseReply } from './smtp-reply.js';

const CERTIFICATE_PROBLEMS: Readonly<Record<string, { message: string; hint?: string }>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    message: 'The server certificate is self-signed.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    message: 'The server certificate chain ends in a self-signed certificate that is not trusted.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    message: 'The server certificate could not be verified: its issuer is unknown or missing from the chain.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    message: 'The server certificate could not be verified: its issuer is unknown or missing from the chain.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    message: 'The server certificate was issued by an authority this server does not trust.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  CERT_UNTRUSTED: { message: 'The server certificate is not trusted.', hint: SPECIFIC_HINTS.untrusted },
  CERT_REJECTED: { message: 'The server certificate is not trusted.', hint: SPECIFIC_HINTS.untrusted },
  INVALID_CA: {
    message: 'The server certificate chain contains an invalid authority.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  CERT_SIGNATURE_FAILURE: {
    message: 'The server certificate has an invalid signature.',
    hint: SPECIFIC_HINTS.untrusted,
  },
  CERT_HAS_EXPIRED: { message: 'The server certificate has expired.', hint: SPECIFIC_HINTS.outdated },
  CERT_NOT_YET_VALID: { message: 'The server certificate is not valid yet.', hint: SPECIFIC_HINTS.outdated },
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
  if (reply)
    return failureOfReply(reply, at, { ...context, ...(command !== undefined && { command }) }, error);

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
      return fail('TLS_WRONG_MODE', ours ?? 'The server expects TLS.', {
        hint: SPECIFIC_HINTS.toImplicitTls,
      });
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
          hint: SPECIFIC_HINTS.certificateName,
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
        hint: SPECIFIC_HINTS.oldTls,
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
      hint: SPECIFIC_HINTS.toStartTls,
      stage: 'tls',
    });
  }
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
