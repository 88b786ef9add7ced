import type { SmtpDeliveryLogStrings } from '@smtp-settings/widget';
import { de } from './de.js';

/**
 * German texts for `<smtp-delivery-log>`: typed as the complete interface, so a new key fails the type
 * check until it is translated. A failure's stages and labels are the form's, as in English.
 */
export const deDeliveryLog: SmtpDeliveryLogStrings = {
  stages: de.stages,
  serverReply: de.serverReply,
  hint: de.hint,
  serverTexts: de.serverTexts,
  logLabel: 'Versandprotokoll',
  loading: 'Wird geladen…',
  noEndpoint:
    'Setzen Sie das Attribut endpoint (zum Beispiel endpoint="/api/smtp") oder stellen Sie einen Client bereit, damit das Versandprotokoll lädt.',
  filters: 'Versandprotokoll filtern',
  statusFilter: 'Status',
  allStatuses: 'Alle',
  statuses: {
    queued: 'Wartet',
    sending: 'Wird gesendet',
    retrying: 'Neuer Versuch',
    held: 'Angehalten',
    sent: 'Gesendet',
    failed: 'Fehlgeschlagen',
    discarded: 'Verworfen',
  },
  recipientFilter: 'Empfänger',
  applyFilters: 'Filtern',
  time: 'Zeit',
  recipients: 'Empfänger',
  subject: 'Betreff',
  status: 'Status',
  noSubject: '(kein Betreff)',
  retryingAt: (time) => `Neuer Versuch um ${time}`,
  heldBecause: (reason) => `Angehalten: ${reason}`,
  empty: 'Es wurde noch keine E-Mail gesendet.',
  emptyFiltered: 'Keine Nachricht passt zu diesen Filtern.',
  loadMore: 'Mehr laden',
  back: 'Zurück zur Liste',
  to: 'An',
  cc: 'Cc',
  bcc: 'Bcc',
  createdAt: 'Übergeben',
  sentAt: 'Gesendet',
  nextAttemptAt: 'Nächster Versuch',
  messageId: 'Message-ID',
  attempts: 'Versuche',
  noAttempts: 'Es gab noch keinen Versuch.',
  attempt: (number) => `Versuch ${number}`,
  duration: (ms) => `${ms} ms`,
  timeSpan: (amount, unit) =>
    new Intl.NumberFormat('de', { style: 'unit', unit, unitDisplay: 'long', useGrouping: false }).format(
      amount,
    ),
  outcomes: { sent: 'Gesendet', retry: 'Wird wiederholt', held: 'Angehalten', failed: 'Fehlgeschlagen' },
  failedAt: (stage) => `Fehlgeschlagen bei ${stage}.`,
  notDelivered: 'Nicht zugestellt.',
  resend: 'Erneut senden',
  discard: 'Verwerfen',
  resendAllFailed: 'Alle fehlgeschlagenen erneut senden',
  confirmResend: 'Diese Nachricht erneut senden?',
  confirmDiscard: 'Diese Nachricht verwerfen? Sie wird nicht gesendet.',
  confirmResendAll: (count) =>
    count === 1
      ? 'Die 1 fehlgeschlagene Nachricht erneut senden?'
      : `Die ${count} fehlgeschlagenen Nachrichten erneut senden?`,
  cancel: 'Abbrechen',
  working: 'Wird ausgeführt…',
  resent: 'Die Nachricht wird erneut gesendet.',
  discarded: 'Die Nachricht wurde verworfen.',
  resentAll: (resent, refused) =>
    `${resent} ${resent === 1 ? 'Nachricht wird' : 'Nachrichten werden'} erneut gesendet${
      refused > 0 ? `; ${refused} konnten nicht erneut gesendet werden` : ''
    }.`,
  noneFailed: 'Keine Nachricht ist fehlgeschlagen.',
};
