import { randomUUID } from 'node:crypto';
import type { DeliveryFailure } from '@smtp-settings/schema';
import type { OutboxHealth } from '../outbox/holds.js';

/**
 * What happened: a tenant's mail went on hold (again with `delivery.held` when the reason changes), or
 * flows again.
 */
export type AlertType = 'delivery.held' | 'delivery.resumed';

/** The body of a webhook request: what and whose, never a secret, a token or message content. */
export interface AlertEvent {
  /** Unique per event and the same on every retry, so a receiver can drop duplicates. */
  id: string;
  /** What happened. */
  type: AlertType;
  /** Whose mail it is. */
  tenant: string;
  /** When it was established, as ISO 8601. */
  at: string;
  /** Why the mail is held, as the delivery log shows it: the code to branch on, the step, and what to do. */
  error?: Pick<DeliveryFailure, 'code' | 'stage' | 'message' | 'hint'>;
}

/** The alert for an outbox health change. */
export function healthAlert({ tenant, ok, checkedAt, error }: OutboxHealth): AlertEvent {
  return {
    id: randomUUID(),
    type: ok ? 'delivery.resumed' : 'delivery.held',
    tenant,
    at: checkedAt,
    // Picked field by field: a failure gaining a field later must not reach the receiver unreviewed.
    ...(error && {
      error: {
        code: error.code,
        ...(error.stage && { stage: error.stage }),
        message: error.message,
        hint: error.hint,
      },
    }),
  };
}
