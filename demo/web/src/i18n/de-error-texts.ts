import type { ServerTextKey } from '@smtp-settings/widget';

/** German texts of the adapter's error answers and the field errors it words itself; part of `deServerTexts`. */
export const deErrorTexts = {
  'error.notFound': 'Nicht gefunden',
  'error.unauthorized': 'Melden Sie sich als Administrator an, um die E-Mail-Einstellungen zu verwalten',
  'error.forbidden': 'Nur Administratoren dürfen die E-Mail-Einstellungen verwalten',
  'error.jsonOnly': 'Senden Sie den Anfragetext als application/json',
  'error.untrustedOrigin':
    'Diese Anfrage kam vom Ursprung {origin}, dem der Server nicht vertraut. Wenn die Seite Ihnen gehört, nehmen Sie ihren Ursprung in die Option `trustedOrigins` des Adapters auf (standardmäßig wird nur der Ursprung von `publicUrl` vertraut).',
  'error.crossSiteNoOrigin':
    'Diese Anfrage kam von einer anderen Website (Sec-Fetch-Site: cross-site), ohne ihren Ursprung zu nennen. Nur Seiten, deren Ursprung in der Option `trustedOrigins` des Adapters steht, dürfen die E-Mail-Einstellungen ändern (standardmäßig nur der Ursprung von `publicUrl`).',
  'error.methodNotAllowed': 'Verwenden Sie für diese Route {methods}',
  'error.invalidJson': 'Der Anfragetext ist kein gültiges JSON',
  'error.bodyAlreadyRead':
    'Der Anfragetext wurde gelesen, bevor er smtp-settings erreichte: binden Sie den Adapter vor jedem Body-Parser ein (express.json(), bodyParser, ein Framework, das JSON liest), oder nehmen Sie seinen Pfad von diesem Parser aus',
  'error.tooLarge': 'Der Anfragetext ist zu groß',
  'error.largerThan': 'Der Anfragetext ist größer als {bytes} Bytes',
  'error.fieldsInvalid': 'Einige Felder müssen korrigiert werden',
  'error.ifMatchInvalid':
    'If-Match muss die Version der Einstellungen aus GET /settings enthalten, z. B. If-Match: "3"',
  'error.versionRequired':
    'Senden Sie If-Match mit der geladenen Version, damit eine anderswo gemachte Änderung nicht überschrieben wird',
  'error.versionConflict':
    'Diese Einstellungen wurden anderswo geändert. Laden Sie sie neu und versuchen Sie es erneut.',
  'error.notTested':
    'Testen Sie diese Einstellungen vor dem Speichern: Sie haben sich seit dem letzten erfolgreichen Test geändert, oder dieser Test ist abgelaufen',
  'error.tooManyTests': 'Zu viele Tests: Versuchen Sie es in {seconds} s erneut',
  'error.tooManySignIns': 'Zu viele gestartete Anmeldungen: Versuchen Sie es in {seconds} s erneut',
  'error.signInNotFound':
    'Diese Anmeldung gibt es nicht: Sie ist abgelaufen oder wurde von jemand anderem gestartet',
  'error.signInRefused': '{problem} {fix}',
  'error.storeBusy': 'Die Datenbank der Einstellungen ist ausgelastet. Versuchen Sie es gleich noch einmal.',
  'error.internal': 'Der Server konnte die Anfrage nicht ausführen',
  'error.secretMalformed':
    'Der gespeicherte Wert von {field} lässt sich nicht entschlüsseln: Er ist nicht im versiegelten Format, wurde also gekürzt oder bearbeitet.',
  'error.secretKeyUnknown':
    'Der gespeicherte Wert von {field} lässt sich nicht entschlüsseln: Er wurde mit einem Schlüssel versiegelt, der nicht mehr konfiguriert ist (Schlüssel-ID {keyId}); fügen Sie diesen Schlüssel nach dem aktuellen wieder zu secretKey hinzu.',
  'error.secretRejected':
    'Der gespeicherte Wert von {field} lässt sich nicht entschlüsseln: Er wurde verändert oder für einen anderen Mandanten oder ein anderes Feld versiegelt.',
  'error.deliveryNotFound': 'Diese Nachricht gibt es im Versandprotokoll nicht',
  'error.resendMailer':
    'Diese Nachricht kann nicht erneut gesendet werden: Sie wurde direkt an mailer.send() übergeben, und ihr Inhalt wird nie aufbewahrt.',
  'error.resendSent':
    'Diese Nachricht kann nicht erneut gesendet werden: Sie wurde gesendet, und der Inhalt einer Nachricht wird nach der Zustellung nicht aufbewahrt.',
  'error.resendContentGone':
    'Diese Nachricht kann nicht erneut gesendet werden: Ihr Inhalt wird nicht mehr aufbewahrt.',
  'error.resendNotFailed':
    'Diese Nachricht kann nicht erneut gesendet werden: Sie ist nicht fehlgeschlagen (Status: {status}).',
  'error.discardSending':
    'Diese Nachricht kann nicht verworfen werden: Gerade läuft ein Sendeversuch; versuchen Sie es nach seinem Ende erneut.',
  'error.discardFinished':
    'Diese Nachricht kann nicht verworfen werden: Sie hat bereits den Status {status}.',

  'field.secretUnreadable':
    'Der gespeicherte Wert lässt sich nicht mehr entschlüsseln. Geben Sie ihn erneut ein.',
  'field.flowGone':
    'Diese Anmeldung ist abgelaufen oder wurde bereits gespeichert: Rufen Sie ein neues Aktualisierungstoken ab.',
  'field.flowUnfinished':
    '„Aktualisierungstoken abrufen“ ist nicht abgeschlossen: Schließen Sie zuerst die Anmeldung ab.',
  'field.flowOtherApp':
    'Dieses Aktualisierungstoken wurde für eine andere App-Registrierung abgerufen: Rufen Sie ein neues ab.',
  'field.returnToInvalid': 'Die Rücksprungadresse muss eine absolute URL sein',
  'field.returnToForeign': 'Die Rücksprungadresse muss zu dieser Anwendung gehören',
  'field.recipientInvalid': 'Der Empfänger muss eine einzelne E-Mail-Adresse sein',
} satisfies Partial<Record<ServerTextKey, string>>;
