import { performance } from 'node:perf_hooks';
import type { DeliveryAttempt, DeliveryFailure } from '@smtp-settings/schema';
import type { SecretBox } from '../crypto/secret-box.js';
import { englishText } from '../failures/server-text.js';
import type { Mailer, SentMail } from '../mailer/create-mailer.js';
import { cleanServerText } from '../smtp/smtp-reply.js';
import type { SettingsStore } from '../stores/store.js';
import { attemptOutcome, expiredFailure, type FailureAction } from './attempt-outcome.js';
import { type BackoffPolicy, retryDelay } from './backoff.js';
import type { AttemptResult, ClaimedDelivery } from './delivery-store.js';
import { openMessage } from './stored-message.js';

/** What an attempt needs besides the message and the mailer. */
export interface AttemptContext {
  /** Reads the settings revision the attempt runs against. */
  store: SettingsStore;
  /** Opens the sealed content. */
  secrets: SecretBox;
  /** Current time. */
  clock: () => Date;
  /** The waits between attempts. */
  backoff: BackoffPolicy;
  /** How long after it was handed over a message is retried at most, in ms. */
  horizonMs: number;
}

/** How an attempt ended: what to record, and what the worker does besides. */
export interface AttemptReport {
  /** What `finishAttempt` records. */
  result: AttemptResult;
  /** For a failure: what the outbox does next (`hold` puts the tenant on hold). */
  action?: FailureAction;
  /** The settings revision read before the attempt: the one a hold names, so a later save ends it. */
  revision: number;
  /** The error itself when it was no mail failure but this process's (the store's, a key's), for the log by name. */
  unexpected?: unknown;
}

/**
 * Makes one attempt to deliver a claimed message: opens it, sends it through the tenant's mailer with the
 * Message-ID made at enqueue (and the Date it was handed over), and says what to record: `sent` with the
 * server's reply, `retrying` with the next due time (backoff, at least the server's Retry-After, up to the horizon, then `failed` with
 * `EXPIRED`), `failed`, or back to `queued` for a hold. Never throws.
 *
 * @example
 * const { result, action } = await runAttempt(claimed, mailer, context);
 */
export async function runAttempt(
  delivery: ClaimedDelivery,
  mailer: Mailer,
  context: AttemptContext,
): Promise<AttemptReport> {
  const { store, secrets, clock } = context;
  const number = delivery.attempts + 1;
  const at = clock();
  const started = performance.now();
  let revision = 0;
  const base = () => ({
    number,
    at: at.toISOString(),
    durationMs: Math.round(performance.now() - started),
    // The attempt before this one stopped mid-send: the log says the server may have it twice.
    ...(delivery.reclaimed && { resumed: true }),
  });
  try {
    // Read before sending: a save that lands during the attempt then ends the hold it may cause.
    revision = await store.getRevision(delivery.tenant);
    const message = openMessage(secrets, delivery.tenant, delivery.id, delivery.content);
    const sent = await mailer.send({
      ...message,
      messageId: delivery.messageId,
      date: new Date(delivery.createdAt),
    });
    return { result: { status: 'sent', attempt: sentAttempt(base(), sent) }, revision };
  } catch (error) {
    const { action, failure, operational, retryAfterMs = 0 } = attemptOutcome(error);
    const report = (result: AttemptResult): AttemptReport => ({
      result,
      action,
      revision,
      ...(operational && { unexpected: error }),
    });
    if (action === 'fail')
      return report({ status: 'failed', attempt: { ...base(), outcome: 'failed', failure } });
    // A held message waits untried for the save that ends the hold, which makes it due at once.
    if (action === 'hold') {
      return report({
        status: 'queued',
        dueAt: clock().toISOString(),
        attempt: { ...base(), outcome: 'held', failure },
      });
    }
    const now = clock().getTime();
    const horizonAt = Date.parse(delivery.createdAt) + context.horizonMs;
    if (now >= horizonAt) {
      const expired = expiredFailure(context.horizonMs, failure);
      return report({ status: 'failed', attempt: { ...base(), outcome: 'failed', failure: expired } });
    }
    // Never sooner than the server asked; the last try falls on the horizon itself rather than past it.
    const delay = Math.max(retryDelay(context.backoff, number), retryAfterMs);
    const dueAt = Math.min(now + delay, horizonAt);
    return report({
      status: 'retrying',
      attempt: { ...base(), outcome: 'retry', failure },
      dueAt: new Date(dueAt).toISOString(),
    });
  }
}

/** A delivered attempt: the server's reply, and which recipients it refused if it refused some. */
function sentAttempt(
  base: Pick<DeliveryAttempt, 'number' | 'at' | 'durationMs' | 'resumed'>,
  sent: SentMail,
): DeliveryAttempt {
  const rejected = sent.rejected ?? [];
  return {
    ...base,
    outcome: 'sent',
    ...(typeof sent.response === 'string' && { response: cleanServerText(sent.response) }),
    ...(rejected.length > 0 && { failure: partialRejection(sent, rejected) }),
  };
}

/** Some recipients were refused while the others got the message: said on the attempt, which still counts as sent. */
function partialRejection(sent: SentMail, rejected: string[]): DeliveryFailure {
  const total = rejected.length + (sent.accepted ?? []).length;
  const reply = (sent.rejectedErrors ?? []).find((error) => typeof error.response === 'string')?.response;
  const params = { refused: rejected.length, total, recipients: rejected.join(', ') };
  return {
    code: 'RECIPIENT_REJECTED',
    stage: 'envelope',
    message: englishText('failure.partiallyRefused', params),
    messageKey: 'failure.partiallyRefused',
    ...(reply !== undefined && { serverReply: cleanServerText(reply) }),
    hint: englishText('hint.RECIPIENT_REJECTED'),
    hintKey: 'hint.RECIPIENT_REJECTED',
    params,
  };
}
