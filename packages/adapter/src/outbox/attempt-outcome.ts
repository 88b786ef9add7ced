import type {
  DeliveryErrorCode,
  DeliveryFailure,
  ServerTextKey,
  ServerTextParams,
  SmtpErrorCode,
  TestStageName,
  TimeSpanUnit,
} from '@smtp-settings/schema';
import { SecretUnreadableError } from '../crypto/secret-box.js';
import { englishText } from '../failures/server-text.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { MailerNotConfiguredError } from '../mailer/mailer-not-configured-error.js';
import { StoredSettingsInvalidError } from '../settings/sealed-record.js';
import { StoredMessageError } from './stored-message.js';

/**
 * What the outbox does after a failed attempt: `retry` later with backoff (the failure may pass), `fail`
 * the message for good (the server refused this message), or `hold` the tenant's mail until an admin
 * saves new settings (the settings are broken, so every message would fail the same way).
 */
export type FailureAction = 'retry' | 'fail' | 'hold';

/** A failed attempt as the outbox records it, and what follows. */
export interface AttemptFailure {
  /** What follows. */
  action: FailureAction;
  /** The failure in the log's words: the code and hint a Test shows. */
  failure: DeliveryFailure;
  /** Set when the fault is this process's, not the mail's (the store, a key, a bug): the operator's log should show it. */
  operational?: true;
  /** For a retry: the least wait the server asked for (Microsoft Graph's `Retry-After`), in ms. */
  retryAfterMs?: number;
}

// Failures of the path to the server, not of the settings or the message: a server restarting refuses
// connections for a while, which the classifier (written for the Test) does not call transient.
const RETRIED_CODES: ReadonlySet<SmtpErrorCode> = new Set([
  'CONNECTION_REFUSED',
  'CONNECTION_LOST',
  'TIMEOUT',
  'TOKEN_ENDPOINT_UNREACHABLE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
]);
// The server refused this message: the next one may well pass, and this one never will.
const MESSAGE_CODES: ReadonlySet<SmtpErrorCode> = new Set(['RECIPIENT_REJECTED', 'MESSAGE_REJECTED']);

/**
 * Decides what an attempt's error means, the one place that does: transient SMTP failures (4xx, refused,
 * dropped or timed-out connections, an unreachable token endpoint, throttling, Microsoft Graph busy) are
 * retried, no sooner than the server asked; a 5xx for a recipient or the message fails it; every other
 * classified failure (a refused login, a revoked token, Send As refused, an untrusted certificate, a Graph
 * permission or policy denied, a missing or unlicensed mailbox, no settings saved) holds the tenant. An error from the store
 * or anything unforeseen is retried, so nothing is lost to a passing fault of this process.
 *
 * @example
 * attemptOutcome(new MailerNotConfiguredError('acme')).action; // 'hold'
 */
export function attemptOutcome(error: unknown): AttemptFailure {
  // The Test's words, so the log and the settings form explain a failure alike.
  if (error instanceof SmtpFailure) {
    const action = actionOf(error);
    const { retryAfterMs } = error;
    return {
      action,
      failure: error.toTestFailure(),
      ...(action === 'retry' && retryAfterMs !== undefined && { retryAfterMs }),
    };
  }
  if (error instanceof MailerNotConfiguredError) return { action: 'hold', failure: error.toHealthError() };
  if (error instanceof StoredSettingsInvalidError) {
    return hold('failure.settingsInvalid', 'hint.settingsInvalid', { fields: error.fields.join(', ') });
  }
  if (error instanceof SecretUnreadableError) {
    return {
      ...hold('failure.secretUnreadable', 'hint.secretUnreadable', { field: error.field }),
      operational: true,
    };
  }
  if (error instanceof StoredMessageError) {
    return error.reason === 'unreadable'
      ? {
          // Another process may hold the key, and this one may be restarted with it.
          action: 'retry',
          operational: true,
          failure: keyedFailure('SMTP_ERROR', 'failure.messageUnreadable', 'hint.messageUnreadable'),
        }
      : {
          action: 'fail',
          failure: keyedFailure('MESSAGE_REJECTED', 'failure.messageUnsupported', 'hint.messageUnsupported', {
            stage: 'send',
          }),
        };
  }
  // The mailer's own refusal of the message (a header it would not send); the outbox checks before storing.
  if (error instanceof TypeError) {
    return {
      action: 'fail',
      failure: {
        code: 'MESSAGE_REJECTED',
        stage: 'send',
        message: error.message,
        hint: englishText('hint.MESSAGE_REJECTED'),
        hintKey: 'hint.MESSAGE_REJECTED',
      },
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    action: 'retry',
    operational: true,
    failure: keyedFailure('SMTP_ERROR', 'failure.attemptUnexpected', 'hint.temporary', { params: { name } }),
  };
}

function actionOf(failure: SmtpFailure): FailureAction {
  if (failure.transient || RETRIED_CODES.has(failure.code)) return 'retry';
  if (MESSAGE_CODES.has(failure.code)) return 'fail';
  // A 5xx after DATA that no rule recognised is still the server refusing this message.
  if (failure.code === 'SMTP_ERROR' && failure.stage === 'send') return 'fail';
  return 'hold';
}

function hold(message: ServerTextKey, hint: ServerTextKey, params: ServerTextParams): AttemptFailure {
  return { action: 'hold', failure: keyedFailure('NOT_CONFIGURED', message, hint, { params }) };
}

/** A failure whose message and hint are server texts: their English, keys and params. */
function keyedFailure(
  code: DeliveryErrorCode,
  messageKey: ServerTextKey,
  hintKey: ServerTextKey,
  { stage, params }: { stage?: TestStageName; params?: ServerTextParams } = {},
): DeliveryFailure {
  return {
    code,
    ...(stage !== undefined && { stage }),
    message: englishText(messageKey, params),
    messageKey,
    hint: englishText(hintKey, params),
    hintKey,
    ...(params && { params }),
  };
}

/**
 * The failure of a message that was not delivered within the retry horizon: `EXPIRED`, with the last
 * attempt's failure when it has one (its stage and reply kept), else that of a message that waited (held,
 * or never tried) until the horizon.
 *
 * @example
 * expiredFailure(48 * 3_600_000).message; // 'Not delivered within 48 hours of being handed over.'
 */
export function expiredFailure(horizonMs: number, last?: DeliveryFailure): DeliveryFailure {
  const [span, spanUnit] = spanOf(horizonMs);
  // The last failure's text comes along with its key and params, so a translation says it in its words.
  const params: ServerTextParams = last
    ? {
        ...last.params,
        span,
        spanUnit,
        last: last.message,
        ...(last.messageKey !== undefined && { lastKey: last.messageKey }),
      }
    : { span, spanUnit };
  const failure = keyedFailure('EXPIRED', last ? 'failure.expiredAfter' : 'failure.expired', 'hint.expired', {
    ...(last?.stage !== undefined && { stage: last.stage }),
    params,
  });
  return last?.serverReply !== undefined ? { ...failure, serverReply: last.serverReply } : failure;
}

/** A duration in the unit people say it in: 48 hours, 90 minutes, 30 seconds. */
function spanOf(ms: number): [number, TimeSpanUnit] {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return [ms / 3_600_000, 'hour'];
  if (ms >= 60_000 && ms % 60_000 === 0) return [ms / 60_000, 'minute'];
  return [Math.round(ms / 1000), 'second'];
}
