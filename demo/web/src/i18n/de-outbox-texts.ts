import type { ServerTextKey } from '@smtp-settings/widget';

/** German texts of the outbox's own failures, as the delivery log shows them; part of `deServerTexts`. */
export const deOutboxTexts = {
  'failure.notConfigured':
    'Für den Mandanten „{tenant}“ sind keine SMTP-Einstellungen gespeichert: Ein Administrator muss den E-Mail-Versand erst einrichten.',
  'hint.notConfigured':
    'Öffnen Sie die E-Mail-Einstellungen, geben Sie den Server für ausgehende E-Mails ein, testen und speichern Sie.',
  'failure.settingsInvalid': 'Die gespeicherten SMTP-Einstellungen sind nicht gültig ({fields}).',
  'hint.settingsInvalid':
    'Öffnen Sie die E-Mail-Einstellungen, prüfen Sie die genannten Felder, testen und speichern Sie.',
  'failure.secretUnreadable':
    'Der gespeicherte Wert von {field} lässt sich mit den Schlüsseln dieses Servers nicht entschlüsseln.',
  'hint.secretUnreadable':
    'Fügen Sie den Schlüssel, mit dem er versiegelt wurde, zu secretKey hinzu, oder geben Sie ihn in den E-Mail-Einstellungen erneut ein und speichern Sie.',
  'failure.messageUnreadable':
    'Dieser Server konnte die Nachricht nicht entschlüsseln: Sie wurde mit einem Schlüssel versiegelt, den er nicht hat.',
  'hint.messageUnreadable':
    'Behalten Sie jeden Schlüssel, der wartende Nachrichten versiegelt hat, in secretKey (den neuen zuerst), bis sie zugestellt sind.',
  'failure.messageUnsupported':
    'Die gespeicherte Nachricht ist keine, die diese Version von smtp-settings senden kann.',
  'hint.messageUnsupported': 'Übergeben Sie die Nachricht erneut.',
  'failure.attemptUnexpected':
    'Ein unerwarteter Fehler ({name}) hat den Versuch beendet, bevor der Server antwortete.',
  'failure.expired': 'Nicht innerhalb von {span} nach der Übergabe zugestellt.',
  'failure.expiredAfter': 'Nicht innerhalb von {span} zugestellt; der letzte Versuch scheiterte: {last}',
  'hint.expired':
    'Beheben Sie, was die Versuche zeigen (der Mailserver war nicht erreichbar oder lehnte ab, oder die Einstellungen waren angehalten), und senden Sie die Nachricht dann erneut.',
  'failure.partiallyRefused':
    'Der Server hat {refused} von {total} Empfängern abgelehnt ({recipients}); die anderen haben die Nachricht erhalten.',
} satisfies Partial<Record<ServerTextKey, string>>;
