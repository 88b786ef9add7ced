import type { ServerTextKey, ServerTextParams, SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { type ClassifyContext, realCommand, stageOfCommand } from './classify-context.js';
import { failureOfReply, portParam } from './classify-reply.js';
import { ProbeError } from './probe/probe-error.js';
import { cleanServerText, parseReply } from './smtp-reply.js';

const CERTIFICATE_PROBLEMS: Readonly<Record<string, { message: ServerTextKey; hint?: ServerTextKey }>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: { message: 'failure.certificateSelfSigned', hint: 'hint.untrusted' },
  SELF_SIGNED_CERT_IN_CHAIN: { message: 'failure.certificateChainSelfSigned', hint: 'hint.untrusted' },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { message: 'failure.certificateIssuerUnknown', hint: 'hint.untrusted' },
  UNABLE_TO_GET_ISSUER_CERT: { message: 'failure.certificateIssuerUnknown', hint: 'hint.untrusted' },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    message: 'failure.certificateIssuerUntrusted',
    hint: 'hint.untrusted',
  },
  CERT_UNTRUSTED: { message: 'failure.certificateUntrusted', hint: 'hint.untrusted' },
  CERT_REJECTED: { message: 'failure.certificateUntrusted', hint: 'hint.untrusted' },
  INVALID_CA: { message: 'failure.certificateInvalidCa', hint: 'hint.untrusted' },
  CERT_SIGNATURE_FAILURE: { message: 'failure.certificateSignature', hint: 'hint.untrusted' },
  CERT_HAS_EXPIRED: { message: 'failure.certificateExpired', hint: 'hint.outdated' },
  CERT_NOT_YET_VALID: { message: 'failure.certificateNotYetValid', hint: 'hint.outdated' },
  CERT_REVOKED: { message: 'failure.certificateRevoked' },
  ERR_TLS_CERT_ALTNAME_INVALID: { message: 'failure.certificateOtherHost' },
  HOSTNAME_MISMATCH: { message: 'failure.certificateOtherHost' },
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
    text: { key: ServerTextKey; params?: ServerTextParams },
    extra: { hint?: ServerTextKey; transient?: boolean; stage?: TestStageName } = {},
  ) =>
    new SmtpFailure(code, text.key, {
      stage: stage === 'send' && extra.stage ? extra.stage : at,
      params: { ...portParam(context), ...text.params },
      cause: error,
      ...(extra.hint !== undefined && { hint: extra.hint }),
      ...(extra.transient !== undefined && { transient: extra.transient }),
      ...(facts.response !== undefined && { serverReply: cleanServerText(facts.response) }),
    });
  const ours = error instanceof ProbeError ? { key: error.messageKey, params: error.params } : undefined;

  const { message } = facts;
  for (const code of [facts.originalCode, facts.code, certificateCodeInMessage(message)]) {
    if (code === undefined) continue;
    if (code === 'ETLSEXPECTED') {
      return fail('TLS_WRONG_MODE', ours ?? { key: 'failure.tlsExpected' }, { hint: 'hint.toImplicitTls' });
    }
    if (DNS_CODES.has(code)) {
      const text = facts.hostname
        ? { key: 'failure.dnsNotFound' as const, params: { host: quote(facts.hostname) } }
        : { key: 'failure.dnsNotFoundUnnamed' as const };
      return fail('DNS_NOT_FOUND', text, { stage: 'dns' });
    }
    if (DNS_TEMPORARY_CODES.has(code)) {
      return fail('DNS_NOT_FOUND', { key: 'failure.dnsTemporary' }, { stage: 'dns', transient: true });
    }
    if (code === 'ECONNREFUSED') {
      return fail(
        'CONNECTION_REFUSED',
        endpointText(facts, 'failure.connectionRefused', 'failure.connectionRefusedAt'),
        {
          stage: 'connect',
        },
      );
    }
    if (UNREACHABLE_CODES.has(code)) {
      const text = endpointText(facts, 'failure.noRoute', 'failure.noRouteAt');
      return fail('CONNECTION_REFUSED', text, { stage: 'connect', transient: true });
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' && facts.altNames) {
      const names = cleanServerText(facts.altNames, 200);
      const params = { names, host: quote(facts.host ?? 'this host') };
      return fail(
        'TLS_CERT_INVALID',
        { key: 'failure.certificateNames', params },
        { hint: 'hint.certificateName', stage: 'tls' },
      );
    }
    const certificate = CERTIFICATE_PROBLEMS[code];
    if (certificate) {
      return fail(
        'TLS_CERT_INVALID',
        { key: certificate.message },
        {
          stage: 'tls',
          ...(certificate.hint && { hint: certificate.hint }),
        },
      );
    }
    if (WRONG_MODE_CODES.has(code)) return wrongMode();
    // OpenSSL has dozens of verification codes; any other one about certificates is still one.
    if (/CERT|ISSUER|_CA$|PURPOSE|PATH_LENGTH|CRL/.test(code)) {
      return fail(
        'TLS_CERT_INVALID',
        { key: 'failure.certificateUnverified', params: { reason: code } },
        {
          stage: 'tls',
        },
      );
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
    const text = facts.reason
      ? { key: 'failure.tlsHandshakeReason' as const, params: { reason: cleanServerText(facts.reason, 120) } }
      : { key: 'failure.tlsHandshake' as const };
    return fail('TLS_FAILED', text, {
      stage: 'tls',
      ...(/unsupported protocol|protocol version/i.test(`${facts.reason} ${message}`) && {
        hint: 'hint.oldTls',
      }),
    });
  }
  if (codes.some((code) => LOST_CODES.has(code))) {
    return fail('CONNECTION_LOST', ours ?? { key: 'failure.connectionLost' }, {
      transient: true,
    });
  }
  const code = facts.code ?? '';
  if (code === 'EPROTOCOL') return fail('SMTP_ERROR', ours ?? { key: 'failure.notSmtp' });
  if (code === 'EAUTH') {
    return /unknown authentication method/i.test(message)
      ? fail('AUTH_MECH_UNSUPPORTED', { key: 'failure.loginMethodUnsupported' }, { stage: 'auth' })
      : fail('AUTH_FAILED', { key: 'failure.noCredentials' }, { stage: 'auth' });
  }
  if (code === 'EENVELOPE') {
    return /recipient/i.test(message)
      ? fail('RECIPIENT_REJECTED', { key: 'failure.noRecipient' }, { stage: 'envelope' })
      : fail('SENDER_REJECTED', { key: 'failure.noSender' }, { stage: 'envelope' });
  }
  if (code === 'EMESSAGE') {
    const key = /size/i.test(message) ? 'failure.messageTooLarge' : 'failure.messageNotSent';
    return fail('MESSAGE_REJECTED', { key }, { stage: 'send' });
  }
  return fail('SMTP_ERROR', { key: 'failure.unexpected' });

  function wrongMode(): SmtpFailure {
    return fail(
      'TLS_WRONG_MODE',
      { key: 'failure.tlsPlainAnswer' },
      { hint: 'hint.toStartTls', stage: 'tls' },
    );
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

function timeoutMessage(facts: ErrorFacts): { key: ServerTextKey; params?: ServerTextParams } {
  if (facts.timeoutType === 'GREETING_TIMEOUT') return { key: 'failure.timeoutGreeting' };
  if (facts.timeoutType === 'UPGRADE_TIMEOUT') return { key: 'failure.timeoutTls' };
  if (facts.timeoutType === 'CONNECT_TIMEOUT')
    return endpointText(facts, 'failure.timeoutConnect', 'failure.timeoutConnectAt');
  return { key: 'failure.timeout' };
}

/** The text that names the address and port when the error knows them, else the one without. */
function endpointText(
  { address, port }: ErrorFacts,
  without: ServerTextKey,
  withEndpoint: ServerTextKey,
): { key: ServerTextKey; params?: ServerTextParams } {
  return address === undefined || port === undefined
    ? { key: without }
    : { key: withEndpoint, params: { address, port } };
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
