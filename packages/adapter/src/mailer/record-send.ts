import type { DeliveryAttempt, DeliveryFailure } from '@smtp-settings/schema';
import addressparser from 'nodemailer/lib/addressparser';
import { SmtpFailure } from '../failures/smtp-failure.js';
import type { Logger } from '../logger.js';
import { newDeliveryId } from '../outbox/delivery-id.js';
import type { DeliveryStore } from '../outbox/delivery-store.js';
import type { SentMail } from './create-mailer.js';
import { MailerNotConfiguredError } from './mailer-not-configured-error.js';
import type { MailerMessage } from './message.js';

// Deep enough for a list of groups of address objects; nodemailer's own types allow any nesting.
const MAX_ADDRESS_DEPTH = 4;

/** One `mailer.send()`, as it ended. */
export interface DirectSend {
  /** The message as the host gave it; only its recipients and subject are recorded. */
  message: MailerMessage;
  /** The Message-ID it was given to send with. */
  messageId: string;
  /** When the send started. */
  startedAt: Date;
  /** How long it took, retries and their waits included, in milliseconds. */
  durationMs: number;
  /** What the server said when it accepted the message, or what the send threw. */
  outcome: { sent: SentMail } | { error: unknown };
}

/**
 * Records each `mailer.send()` in the delivery log, metadata only (`source: 'mailer'`, content `null`):
 * `sent` with the server's reply, or `failed` with the classified failure and its hint. One send is one
 * attempt however often it retried inside. A send that threw something else (a message the mailer
 * refused, a store it could not read) delivered nothing and is not recorded; a log it cannot write is
 * logged as an error and never fails the send.
 *
 * @example
 * ```ts
 * const record = createSendRecorder(store, { tenant, logger });
 * await record?.({ message, messageId, startedAt, durationMs, outcome: { sent } });
 * ```
 */
export function createSendRecorder(
  store: DeliveryStore,
  { tenant, logger }: { tenant: string; logger: Logger },
): (send: DirectSend) => Promise<void> {
  return async ({ message, messageId, startedAt, durationMs, outcome }) => {
    const failure = 'error' in outcome ? failureOf(outcome.error) : undefined;
    if ('error' in outcome && !failure) return;
    const at = startedAt.toISOString();
    const attempt: DeliveryAttempt = {
      number: 1,
      at,
      durationMs: Math.round(durationMs),
      ...(failure
        ? { outcome: 'failed', failure }
        : { outcome: 'sent', response: (outcome as { sent: SentMail }).sent.response }),
    };
    try {
      await store.addDelivery({
        id: newDeliveryId(),
        tenant,
        source: 'mailer',
        status: failure ? 'failed' : 'sent',
        createdAt: at,
        // nodemailer's own account of the id, as it wrote the header, when it got that far.
        messageId: ('sent' in outcome && outcome.sent.messageId) || messageId,
        to: addressesOf(message.to),
        cc: addressesOf(message.cc),
        bcc: addressesOf(message.bcc),
        subject: typeof message.subject === 'string' ? message.subject : '',
        content: null,
        attempt,
      });
    } catch (error) {
      logger.error('smtp-settings: could not record a sent message in the delivery log', {
        tenant,
        error: (error as Error)?.name,
      });
    }
  };
}

/** The failure the log shows for what a send threw: a classified SMTP failure, or no settings saved. */
function failureOf(error: unknown): DeliveryFailure | undefined {
  if (error instanceof SmtpFailure) return error.toTestFailure();
  if (error instanceof MailerNotConfiguredError) return error.toHealthError();
  return undefined;
}

/** The bare addresses of a recipient field in any shape nodemailer takes: lists in one string, address objects, groups, arrays of them. */
function addressesOf(field: unknown, depth = 0): string[] {
  if (typeof field === 'string') {
    return addressparser(field, { flatten: true })
      .map(({ address }) => address)
      .filter((address) => address !== '');
  }
  if (typeof field !== 'object' || field === null || depth >= MAX_ADDRESS_DEPTH) return [];
  if (Array.isArray(field)) return field.flatMap((item) => addressesOf(item, depth + 1));
  const { address, group } = field as { address?: unknown; group?: unknown };
  return typeof address === 'string' && address !== '' ? [address] : addressesOf(group, depth + 1);
}
