import type { DeliveryView } from '@smtp-settings/schema';
import { serverText } from '../localize/server-text.js';
import type { SmtpDeliveryLogStrings } from './strings.js';
import { wordSpans } from './word-spans.js';

/** A message's status in words: a retry says when it is due, a hold says why. */
export function describeStatus(
  delivery: DeliveryView,
  t: SmtpDeliveryLogStrings,
  formatTime: (iso: string) => string,
): string {
  if (delivery.status === 'retrying' && delivery.nextAttemptAt) {
    return t.retryingAt(formatTime(delivery.nextAttemptAt));
  }
  if (delivery.status === 'held' && delivery.failure) {
    const { message, messageKey, params } = wordSpans(delivery.failure, t);
    return t.heldBecause(serverText(t, { text: message, key: messageKey, params }));
  }
  return t.statuses[delivery.status];
}

/** Whether the admin may queue `delivery` again: it failed or was discarded, and the outbox kept it. */
export function canResend(delivery: DeliveryView): boolean {
  return delivery.source === 'outbox' && (delivery.status === 'failed' || delivery.status === 'discarded');
}

/** Whether the admin may discard `delivery`: it waits, or it failed. */
export function canDiscard(delivery: DeliveryView): boolean {
  return ['queued', 'retrying', 'held', 'failed'].includes(delivery.status);
}
