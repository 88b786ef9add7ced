import type { SmtpErrorCode, TestStageName } from './api.js';
import type { ServerTextKey, ServerTextParams } from './server-texts.js';

/**
 * Where a message stands in the outbox: `queued` (waiting for its first attempt or its `notBefore`),
 * `sending` (an attempt is under way), `retrying` (a transient failure; `nextAttemptAt` says when),
 * `held` (the tenant's settings are broken; it waits for an admin's save), `sent`, `failed` (for good:
 * refused by the server, or past the retry horizon) and `discarded` (by an admin).
 */
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'retrying',
  'held',
  'sent',
  'failed',
  'discarded',
] as const;

/** Where a message stands in the outbox. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Why an attempt did not deliver: an SMTP failure's code, `NOT_CONFIGURED` while nothing is saved,
 * or `EXPIRED` for a message that reached the retry horizon.
 */
export type DeliveryErrorCode = SmtpErrorCode | 'NOT_CONFIGURED' | 'EXPIRED';

/** A failure as the delivery log shows it: the same words a Test uses. */
export interface DeliveryFailure {
  /** Stable code to branch on. */
  code: DeliveryErrorCode;
  /** The step that failed, for an SMTP failure. */
  stage?: TestStageName;
  /** What happened, in one sentence. */
  message: string;
  /** The message's key in `SERVER_TEXTS`; absent for records written before keys and a message the mailer refused in its own words. */
  messageKey?: ServerTextKey;
  /** The server's own reply, when it gave one. */
  serverReply?: string;
  /** What to do about it, in one sentence. */
  hint: string;
  /** The hint's key in `SERVER_TEXTS`, when it has one. */
  hintKey?: ServerTextKey;
  /** The values of the message's and the hint's placeholders. */
  params?: ServerTextParams;
}

/** What an attempt ended with. */
export type DeliveryAttemptOutcome = 'sent' | 'retry' | 'held' | 'failed';

/** One attempt to deliver a message. */
export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  number: number;
  /** When it started, as ISO 8601. */
  at: string;
  /** How long it took, in milliseconds. */
  durationMs: number;
  /** What it ended with. */
  outcome: DeliveryAttemptOutcome;
  /** Why it did not deliver, unless it did. */
  failure?: DeliveryFailure;
  /** The server's reply to the message, when it was accepted (e.g. `250 2.0.0 Ok: queued as 4F3A1`). */
  response?: string;
  /**
   * `true` when this attempt followed one that was interrupted (its process stopped mid-send); the message
   * may have been delivered twice, with the same Message-ID.
   */
  resumed?: boolean;
}

/** Who handed a message over: the durable outbox, or `mailer.send()` directly (not retried by the outbox). */
export type DeliverySource = 'outbox' | 'mailer';

/** A message in the delivery log: metadata only, never its body. */
export interface DeliveryView {
  /** The outbox's id of the message. */
  id: string;
  /** Where it stands. */
  status: DeliveryStatus;
  /** Who handed it over. */
  source: DeliverySource;
  /** When it was handed over, as ISO 8601. */
  createdAt: string;
  /** When its status last changed, as ISO 8601. */
  updatedAt: string;
  /** Its recipients. */
  to: string[];
  /** Its copy recipients. */
  cc: string[];
  /** Its blind copy recipients (shown to the admin only). */
  bcc: string[];
  /** Its subject. */
  subject: string;
  /** The Message-ID it is sent with, the same on every attempt. */
  messageId: string;
  /** How many attempts were made. */
  attempts: number;
  /** When the next attempt is due, for `queued` and `retrying`, as ISO 8601. */
  nextAttemptAt?: string;
  /** When it was sent, as ISO 8601. */
  sentAt?: string;
  /** Why it is held, failed or retrying: the last attempt's failure (or the tenant's hold). */
  failure?: DeliveryFailure;
}

/** Body of `GET /deliveries`: newest first. */
export interface DeliveryListResponse {
  /** One page of messages. */
  deliveries: DeliveryView[];
  /** Pass as `cursor` for the next page; absent on the last one. */
  nextCursor?: string;
}

/** Body of `GET /deliveries/:id`, `POST /deliveries/:id/resend` and `POST /deliveries/:id/discard`. */
export interface DeliveryDetailResponse {
  /** The message. */
  delivery: DeliveryView;
  /** Its attempts, oldest first. */
  attempts: DeliveryAttempt[];
}

/** Body of `GET /deliveries/summary`: how mail went over the last 24 hours. */
export interface DeliverySummaryResponse {
  /** Start of the period counted, as ISO 8601. */
  since: string;
  /** Messages handed over in the period, by where they stand now. */
  counts: Record<DeliveryStatus, number>;
  /** Present while the tenant's mail is held: why, since when, and how many messages wait. */
  held?: { failure: DeliveryFailure; since: string; waiting: number };
  /** When a message was last sent, as ISO 8601. */
  lastSuccessAt?: string;
  /** The last failed attempt. */
  lastFailure?: { at: string; failure: DeliveryFailure };
}
