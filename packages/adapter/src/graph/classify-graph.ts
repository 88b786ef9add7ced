import type {
  ServerTextKey,
  ServerTextParams,
  SignIn,
  SmtpErrorCode,
  TestStageName,
} from '@smtp-settings/schema';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { cleanServerText } from '../smtp/smtp-reply.js';

/** A Microsoft Graph answer that was not a success, as far as classifying it needs. */
export interface GraphAnswer {
  /** The HTTP status. */
  status: number;
  /** Graph's `error.code`, e.g. `ErrorSendAsDenied`; empty when the body had none. */
  errorCode: string;
  /** Graph's `error.message`; empty when the body had none. */
  errorMessage: string;
  /** The `Retry-After` header as sent (seconds or an HTTP date), if any. */
  retryAfter?: string | null | undefined;
}

/** Where a Graph request was made and for whom, which the failure's stage, texts and hint name. */
export interface GraphRequestContext {
  /** The Test stage the request belongs to: `token`, `mailbox` or `send`. */
  stage: TestStageName;
  /** The mailbox the request was about (the From Email). */
  mailbox: string;
  /** How the settings sign in, which decides the kind of permission a denial asks for. */
  signIn: SignIn;
}

// Graph's throttling guidance: wait as told; when it does not say, a minute is safe. Never hold mail longer than an hour.
const DEFAULT_RETRY_AFTER_MS = 60_000;
const MAX_RETRY_AFTER_MS = 3_600_000;
const SERVER_REPLY_MAX = 300;
const UNAVAILABLE_STATUSES = new Set([500, 502, 503, 504]);
const NOT_LICENSED_CODES = new Set([
  'MailboxNotEnabledForRESTAPI',
  'MailboxNotHostedInExchangeOnline',
  'ErrorMailboxNotEnabledForRESTAPI',
]);
const NOT_FOUND_CODES = new Set(['ErrorInvalidUser', 'ResourceNotFound', 'Request_ResourceNotFound']);
// An application access policy (or RBAC for Applications) blocks the app from this mailbox.
const POLICY_DENIAL = /RAOP|AccessPolicy/i;

/**
 * Classifies a Microsoft Graph answer that was not a success, the one place that does (design §4): a
 * refused token, denied permission or policy, a missing or unlicensed mailbox, throttling (with the wait
 * `Retry-After` asks for), an unavailable service, a refused recipient or message. The server reply
 * quotes the status and Graph's error code and message, never a token or the request.
 *
 * @example
 * classifyGraphAnswer({ status: 429, errorCode: 'TooManyRequests', errorMessage: '', retryAfter: '30' },
 *   { stage: 'send', mailbox: 'app@contoso.com', signIn: 'application' }).retryAfterMs; // 30000
 */
export function classifyGraphAnswer(answer: GraphAnswer, context: GraphRequestContext): SmtpFailure {
  const { status, errorCode } = answer;
  const { mailbox } = context;
  const reason = errorCode || `HTTP ${status}`;
  const fail = (
    code: SmtpErrorCode,
    messageKey: ServerTextKey,
    params: ServerTextParams,
    extra: { hint?: ServerTextKey; transient?: boolean; retryAfterMs?: number | undefined } = {},
  ) =>
    new SmtpFailure(code, messageKey, {
      stage: context.stage,
      params,
      serverReply: serverReplyOf(answer),
      ...extra,
    });

  if (NOT_LICENSED_CODES.has(errorCode)) {
    return fail('MAILBOX_NOT_LICENSED', 'failure.graphMailboxNotLicensed', { mailbox, reason });
  }
  if (status === 401) {
    return fail('AUTH_FAILED', 'failure.graphTokenRejected', { reason }, { hint: 'hint.graphTokenRejected' });
  }
  if (status === 403) {
    if (POLICY_DENIAL.test(`${errorCode} ${answer.errorMessage}`)) {
      return fail('GRAPH_POLICY_DENIED', 'failure.graphPolicyDenied', { mailbox, reason });
    }
    if (errorCode === 'ErrorSendAsDenied') {
      return fail(
        'SENDER_REJECTED',
        'failure.graphSendAsDenied',
        { mailbox, reason },
        { hint: 'hint.graphSendAsDenied' },
      );
    }
    const permissionKind =
      context.signIn === 'application' ? 'application permission' : 'delegated permission';
    return fail('GRAPH_ACCESS_DENIED', 'failure.graphAccessDenied', { mailbox, reason, permissionKind });
  }
  if (status === 404 && NOT_FOUND_CODES.has(errorCode)) {
    return fail('MAILBOX_NOT_FOUND', 'failure.graphMailboxNotFound', { mailbox });
  }
  if (status === 429) {
    const retryAfterMs = retryAfterMsOf(answer.retryAfter) ?? DEFAULT_RETRY_AFTER_MS;
    return fail(
      'RATE_LIMITED',
      'failure.graphThrottled',
      { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
      { hint: 'hint.graphThrottled', transient: true, retryAfterMs },
    );
  }
  if (UNAVAILABLE_STATUSES.has(status)) {
    return fail(
      'SERVICE_UNAVAILABLE',
      'failure.graphUnavailable',
      { status },
      { transient: true, retryAfterMs: retryAfterMsOf(answer.retryAfter) },
    );
  }
  const refused = { status, reason };
  if (status === 400 && errorCode === 'ErrorInvalidRecipients') {
    return fail('RECIPIENT_REJECTED', 'failure.graphRefused', refused);
  }
  if (status === 413 || errorCode === 'ErrorMessageSizeExceeded') {
    return fail('MESSAGE_REJECTED', 'failure.graphRefused', refused, { hint: 'hint.graphTooLarge' });
  }
  return fail('SMTP_ERROR', 'failure.graphRefused', refused);
}

/**
 * Classifies a Graph request that got no answer: `TIMEOUT` when its deadline (`limitMs`) passed, else
 * `CONNECTION_REFUSED` naming the network error's code; both may pass, so both are transient.
 */
export function classifyGraphError(
  error: unknown,
  { stage, limitMs, timedOut }: { stage: TestStageName; limitMs: number; timedOut: boolean },
): SmtpFailure {
  // Only names and codes travel on: a fetch error's cause can hold the request.
  const cause = { name: error instanceof Error ? error.name : typeof error };
  if (timedOut) {
    return new SmtpFailure('TIMEOUT', 'failure.graphTimeout', {
      stage,
      params: { limitMs },
      transient: true,
      cause,
    });
  }
  return new SmtpFailure('CONNECTION_REFUSED', 'failure.graphUnreachable', {
    stage,
    params: { reason: networkReasonOf(error) },
    transient: true,
    cause,
  });
}

/** Whether a failure is Graph refusing the access token itself, so a freshly minted one may pass. */
export function isGraphTokenRejected(error: unknown): boolean {
  return error instanceof SmtpFailure && error.messageKey === 'failure.graphTokenRejected';
}

/**
 * The wait a `Retry-After` header asks for, in ms (delta seconds or an HTTP date), at most an hour;
 * `undefined` when there is none or it cannot be read.
 */
export function retryAfterMsOf(header: string | null | undefined, now = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function serverReplyOf({ status, errorCode, errorMessage }: GraphAnswer): string {
  const said = errorCode || errorMessage ? ` ${errorCode}: ${errorMessage}` : '';
  return cleanServerText(`${status}${said}`, SERVER_REPLY_MAX);
}

/** The network error's code (`ECONNREFUSED`, `ENOTFOUND`…), which fetch keeps on its `cause`. */
function networkReasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}
