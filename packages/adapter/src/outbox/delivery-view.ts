import type { DeliveryFailure, DeliveryStatus, DeliveryView } from '@smtp-settings/schema';
import type { DeliveryRecord, TenantHold } from './delivery-store.js';

/** The stored statuses of messages that wait for an attempt; a held tenant's show as `held`. */
export const WAITING_STATUSES = ['queued', 'retrying'] as const;

/** Whether a stored status is one of {@link WAITING_STATUSES}. */
export function isWaiting(status: string): status is (typeof WAITING_STATUSES)[number] {
  return status === 'queued' || status === 'retrying';
}

/**
 * A message as the admin sees it: `held` (with the hold's failure, and no next attempt, which only a
 * save brings) while its tenant is held and it waits; otherwise its stored status, with the last
 * attempt's failure while it retries and once it failed.
 */
export function toDeliveryView(record: DeliveryRecord, hold: TenantHold | undefined): DeliveryView {
  const held = hold !== undefined && isWaiting(record.status);
  const status: DeliveryStatus = held ? 'held' : record.status;
  const failure: DeliveryFailure | undefined = held
    ? hold.failure
    : status === 'retrying' || status === 'failed'
      ? record.failure
      : undefined;
  return {
    id: record.id,
    status,
    source: record.source,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    to: record.to,
    cc: record.cc,
    bcc: record.bcc,
    subject: record.subject,
    messageId: record.messageId,
    attempts: record.attempts,
    ...(!held && isWaiting(record.status) && record.dueAt !== undefined && { nextAttemptAt: record.dueAt }),
    ...(record.sentAt !== undefined && { sentAt: record.sentAt }),
    ...(failure && { failure }),
  };
}
