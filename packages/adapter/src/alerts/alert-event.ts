import { randomUUID } from 'node:crypto';
import type { DeliveryFailure } from '@smtp-settings/schema';
import type { OutboxHealth } from '../outbox/holds.js';
import type { TokenLapse } from '../outbox/scheduled/token-lapse.js';
import type { SecretExpiry } from '../settings/secret-expiry.js';

/**
 * What happened: a tenant's mail went on hold (again with `delivery.held` when the reason changes), keeps
 * failing with a failure that is retried (`delivery.failing`: its server cannot be reached, say), flows
 * again, its OAuth refresh token may stop working within two weeks (`oauth.token-lapsing`), or its client
 * secret expires within 30 days or has expired (`oauth.secret-lapsing`).
 */
export type AlertType =
  | 'delivery.held'
  | 'delivery.failing'
  | 'delivery.resumed'
  | 'oauth.token-lapsing'
  | 'oauth.secret-lapsing';

/** A failure as an alert carries it: the code to branch on, the step, and what to do. */
export type AlertError = Pick<DeliveryFailure, 'code' | 'stage' | 'message' | 'hint'>;

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
  /** Why the mail is held, or why the refresh token could not be used, as the delivery log shows it. */
  error?: AlertError;
  /** With `oauth.token-lapsing`: why and when the refresh token may stop working, and when it last worked. */
  lapse?: TokenLapse;
  /** With `oauth.secret-lapsing`: when the client secret expires, and whether that date was entered or read. */
  secret?: SecretExpiry;
}

/** The alert for an outbox health change. */
export function healthAlert({ tenant, ok, held, checkedAt, error }: OutboxHealth): AlertEvent {
  return {
    id: randomUUID(),
    type: ok ? 'delivery.resumed' : held === false ? 'delivery.failing' : 'delivery.held',
    tenant,
    at: checkedAt,
    ...(error && { error: alertError(error) }),
  };
}

/** The alert for a refresh token that may lapse, with the failure that kept the keep-alive from using it. */
export function lapseAlert(tenant: string, lapse: TokenLapse, at: Date, error?: AlertError): AlertEvent {
  return {
    id: randomUUID(),
    type: 'oauth.token-lapsing',
    tenant,
    at: at.toISOString(),
    lapse: {
      reason: lapse.reason,
      lapsesAt: lapse.lapsesAt,
      ...(lapse.lastUsedAt !== undefined && { lastUsedAt: lapse.lastUsedAt }),
    },
    ...(error && { error: alertError(error) }),
  };
}

/** The alert for a client secret that expires within 30 days or has expired: its date, never the secret. */
export function secretLapseAlert(tenant: string, { expiresAt, source }: SecretExpiry, at: Date): AlertEvent {
  return {
    id: randomUUID(),
    type: 'oauth.secret-lapsing',
    tenant,
    at: at.toISOString(),
    secret: { expiresAt, source },
  };
}

// Picked field by field: a failure gaining a field later must not reach the receiver unreviewed.
function alertError(error: AlertError): AlertError {
  return {
    code: error.code,
    ...(error.stage && { stage: error.stage }),
    message: error.message,
    hint: error.hint,
  };
}
