import type { DeliveryAttemptOutcome, DeliveryStatus, TimeSpanUnit } from '@smtp-settings/schema';
import type { FailureStrings } from '../localize/failure-strings.js';

/**
 * Every visible text and accessible name of `<smtp-delivery-log>`; pass a partial object as the
 * element's `strings` property to translate or reword it. A failure's stages, "Server reply:" and
 * "What to do:" are the words Test's result uses. Messages and hints the server writes are translated
 * through `serverTexts` (a mail server's own reply stays as it came).
 */
export interface SmtpDeliveryLogStrings extends FailureStrings {
  /** Accessible name of the log. */
  logLabel: string;
  /** Shown while the first page loads. */
  loading: string;
  /** Shown when neither `endpoint` nor a client provider tells the element where the adapter is. */
  noEndpoint: string;
  /** Accessible name of the filters. */
  filters: string;
  /** Label of the status filter. */
  statusFilter: string;
  /** The status filter's choice that shows every message. */
  allStatuses: string;
  /** Names of the statuses. */
  statuses: Record<DeliveryStatus, string>;
  /** Label of the recipient filter. */
  recipientFilter: string;
  /** The button that applies the filters. */
  applyFilters: string;
  /** Column of the time a message was handed over. */
  time: string;
  /** Column of the recipients. */
  recipients: string;
  /** Column of the subject. */
  subject: string;
  /** Column of the status. */
  status: string;
  /** A message without a subject. */
  noSubject: string;
  /** A message that waits for a retry, and when it is due. */
  retryingAt: (time: string) => string;
  /** A held message, and why its mail is held. */
  heldBecause: (reason: string) => string;
  /** Shown instead of the list when nothing was handed over yet. */
  empty: string;
  /** Shown instead of the list when no message matches the filters. */
  emptyFiltered: string;
  /** The button that loads the next page. */
  loadMore: string;
  /** The button that leaves a message's detail for the list. */
  back: string;
  /** Label of the To recipients. */
  to: string;
  /** Label of the copy recipients. */
  cc: string;
  /** Label of the blind copy recipients. */
  bcc: string;
  /** Label of the time a message was handed over. */
  createdAt: string;
  /** Label of the time a message was sent. */
  sentAt: string;
  /** Label of the time of the next attempt. */
  nextAttemptAt: string;
  /** Label of the Message-ID. */
  messageId: string;
  /** Accessible name of the list of attempts. */
  attempts: string;
  /** Shown when no attempt was made yet. */
  noAttempts: string;
  /** One attempt's heading. */
  attempt: (number: number) => string;
  /** How long an attempt took. */
  duration: (ms: number) => string;
  /** A span of time in a message the server wrote, such as how long an expired message was tried: "48 hours". */
  timeSpan: (amount: number, unit: TimeSpanUnit) => string;
  /** What an attempt ended with. */
  outcomes: Record<DeliveryAttemptOutcome, string>;
  /** Heading of a failure at a stage. */
  failedAt: (stage: string) => string;
  /** Heading of a failure without a stage (nothing saved, past the retry horizon). */
  notDelivered: string;
  /** The Resend button. */
  resend: string;
  /** The Discard button. */
  discard: string;
  /** The button that resends every failed message. */
  resendAllFailed: string;
  /** Asks before resending a message. */
  confirmResend: string;
  /** Asks before discarding a message. */
  confirmDiscard: string;
  /** Asks before resending every failed message. */
  confirmResendAll: (count: number) => string;
  /** Declines a confirmation. */
  cancel: string;
  /** Announced while the failed messages are looked up or resent. */
  working: string;
  /** Announced after a resend. */
  resent: string;
  /** Announced after a discard. */
  discarded: string;
  /** Announced after "Resend all failed": how many were queued again, and how many could not be. */
  resentAll: (resent: number, refused: number) => string;
  /** Announced when "Resend all failed" found none. */
  noneFailed: string;
}
