import { failureEn } from '../localize/failure-strings.js';
import type { SmtpDeliveryLogStrings } from './strings.js';

/** The English texts of `<smtp-delivery-log>`, used for every string the `strings` property leaves out. */
export const deliveryLogEn: SmtpDeliveryLogStrings = {
  ...failureEn,
  logLabel: 'Delivery log',
  loading: 'Loading…',
  noEndpoint:
    'Set the endpoint attribute (for example endpoint="/api/smtp") or provide a client, so the delivery log can load.',
  filters: 'Filter the delivery log',
  statusFilter: 'Status',
  allStatuses: 'All',
  statuses: {
    queued: 'Queued',
    sending: 'Sending',
    retrying: 'Retrying',
    held: 'Held',
    sent: 'Sent',
    failed: 'Failed',
    discarded: 'Discarded',
  },
  recipientFilter: 'Recipient',
  applyFilters: 'Filter',
  time: 'Time',
  recipients: 'Recipients',
  subject: 'Subject',
  status: 'Status',
  noSubject: '(no subject)',
  retryingAt: (time) => `Retrying at ${time}`,
  heldBecause: (reason) => `Held: ${reason}`,
  empty: 'No mail was sent yet.',
  emptyFiltered: 'No message matches these filters.',
  loadMore: 'Load more',
  back: 'Back to the list',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  createdAt: 'Handed over',
  sentAt: 'Sent',
  nextAttemptAt: 'Next attempt',
  messageId: 'Message-ID',
  attempts: 'Attempts',
  noAttempts: 'No attempt was made yet.',
  attempt: (number) => `Attempt ${number}`,
  duration: (ms) => `${ms} ms`,
  timeSpan: (amount, unit) =>
    new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'long', useGrouping: false }).format(
      amount,
    ),
  outcomes: { sent: 'Sent', retry: 'Will be retried', held: 'Held', failed: 'Failed' },
  failedAt: (stage) => `Failed at ${stage}.`,
  notDelivered: 'Not delivered.',
  resend: 'Resend',
  discard: 'Discard',
  resendAllFailed: 'Resend all failed',
  confirmResend: 'Send this message again?',
  confirmDiscard: 'Discard this message? It will not be sent.',
  confirmResendAll: (count) =>
    count === 1 ? 'Send the 1 failed message again?' : `Send the ${count} failed messages again?`,
  cancel: 'Cancel',
  working: 'Working…',
  resent: 'The message is queued to be sent again.',
  discarded: 'The message was discarded.',
  resentAll: (resent, refused) =>
    `${resent} ${resent === 1 ? 'message is' : 'messages are'} queued to be sent again${
      refused > 0 ? `; ${refused} could not be resent` : ''
    }.`,
  noneFailed: 'No message has failed.',
};
