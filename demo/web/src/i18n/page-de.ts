import type { PageText } from './page-en.js';

/** The demo page's German texts: typed as the complete English set, so a new key fails the type check until it is translated. */
export const pageDe: PageText = {
  mainTitle: 'smtp-settings · Demo',
  reactTitle: 'smtp-settings · React-Demo',
  vueTitle: 'smtp-settings · Vue-Demo',
  skipLink: 'Zu den E-Mail-Einstellungen springen',
  brandTag: 'Demo',
  pagesNav: 'Demo-Seiten',
  webComponentPage: 'Web Component',
  theme: 'Design',
  themeSystem: 'System',
  themeLight: 'Hell',
  themeDark: 'Dunkel',
  themeCustom: 'Eigenes',
  language: 'Sprache',
  loading: 'Wird geladen…',

  settingsHeading: 'Ausgehende E-Mails',
  settingsLead:
    'Das Element `<smtp-settings>` spricht mit dem Adapter unter `/api/smtp`. Testen Sie die Einstellungen und speichern Sie sie dann: Die Benachrichtigung unten und die E-Mails Ihrer App verwenden das Gespeicherte.',

  deliveryLogHeading: 'Versandprotokoll',
  deliveryLogIntro:
    'Das Element `<smtp-delivery-log>`: jede an den Postausgang übergebene Nachricht, die neueste zuerst, laufend aktualisiert. Öffnen Sie eine für ihre Versuche; dort können Sie sie erneut senden oder verwerfen.',
  eventLogHeading: 'Ereignisprotokoll',
  eventLogIntro: 'Die fünf Ereignisse des Elements, sobald sie eintreten, die neuesten 20 zuerst.',
  eventLogEmpty: 'Noch keine Ereignisse.',
  nothingSavedYet: 'noch nichts gespeichert',
  basic: 'Basis',
  oauth: (provider) => `OAuth (${provider})`,
  savedVersion: (version, auth) => `Version ${version}, ${auth}-Authentifizierung`,
  fieldChanged: (field, dirty) =>
    `${field} geändert, ${dirty ? 'ungespeicherte Änderungen' : 'wie gespeichert'}`,
  testPassed: (stages) => `bestanden: ${stages}`,
  testFailed: (stage = 'einem unbekannten Schritt', code = 'kein Code') =>
    `fehlgeschlagen bei ${stage}: ${code}`,
  actionFailed: (action, code, message) => {
    const what = { load: 'Laden', test: 'Test', save: 'Speichern', oauth: 'Anmeldung' }[action];
    return `${what} fehlgeschlagen: ${code}, ${message}`;
  },

  devServerHeading: 'Entwicklungs-Mailserver',
  devServerUnavailable: (reason) => `Die Serverdaten konnten nicht geladen werden: ${reason}`,
  devServerHint:
    'Verwenden Sie diese Werte unter **Basis-Authentifizierung** oder wählen Sie die Vorlage **Demo mail server (this machine)** und geben Sie Benutzer und Passwort ein.',
  mailServer: 'Mailserver',
  host: 'Host',
  port: 'Port',
  security: 'Sicherheit',
  user: 'Benutzer',
  password: 'Passwort',
  clientId: 'Client-ID',
  clientSecret: 'Geheimer Clientschlüssel',
  tenantId: 'Mandanten-ID',
  signsInAs: 'Meldet sich an als',
  localOAuthHint:
    '**Aktualisierungstoken abrufen** meldet sich bei einer lokalen Microsoft-/Google-Nachbildung an; klicken Sie dort auf **Accept**. Wie die echten akzeptieren sie nur die App-Werte unten.',
  localGraphHint:
    'Das Senden über **Microsoft Graph** und die Anwendungsanmeldung funktionieren ebenfalls offline, mit denselben Microsoft-App-Werten: Ein lokales Graph stellt in den Posteingang zu, und der Schalter **Fehler von Microsoft Graph** dort lässt es mit seinen Fehlern antworten.',
  realOAuthHint:
    '**Aktualisierungstoken abrufen** meldet sich beim echten Microsoft und Google an: Tragen Sie zuerst die Weiterleitungs-URL des Formulars in Ihrer App-Registrierung ein.',
  appValues: (provider) => `${provider}-App-Werte`,
  copy: 'Kopieren',
  copyName: (group, label) => `${label} (${group})`,
  copyLabel: (name) => `${name} kopieren`,
  copied: (name) => `${name} kopiert`,
  copyFailed: (name) => `Kopieren nicht möglich: Markieren Sie ${name} und kopieren Sie von Hand`,
  changePassword: 'Passwort ändern',
  passwordChanged: (password) =>
    `Der Mailserver nimmt jetzt nur noch das Passwort ${password} an: Gespeicherte Einstellungen mit dem alten scheitern bei der Anmeldung, und Benachrichtigungen werden angehalten, bis Sie das neue speichern.`,
  passwordChangeFailed: (reason) => `Das Passwort konnte nicht geändert werden: ${reason}`,

  notifyHeading: 'E-Mail aus der App senden',
  notifyIntro:
    'Übergibt „Test case TC-42 was updated“ dem Postausgang, so wie eine App es tut: Sie wird sofort gespeichert, dann über die gespeicherten Einstellungen gesendet, erneut versucht, solange der Mailserver ausgefallen ist, und angehalten, solange die Einstellungen scheitern.',
  recipient: 'Empfänger',
  optional: '(optional)',
  sendNotification: 'Benachrichtigung senden',
  sending: 'Wird gesendet…',
  notificationQueued: (to) => `Benachrichtigung an ${to} in der Warteschlange`,
  notificationStatus: (to, status, details, reason) =>
    `Benachrichtigung an ${to}: ${status}${details ? ` (${details})` : ''}${reason ? `. ${reason}` : ''}`,
  deliveryStatuses: {
    queued: 'in der Warteschlange',
    sending: 'wird gesendet',
    retrying: 'wird erneut versucht',
    held: 'angehalten, bis die Einstellungen korrigiert sind',
    sent: 'gesendet',
    failed: 'fehlgeschlagen',
    discarded: 'verworfen',
  },
  nextAttemptAt: (time) => `nächster Versuch um ${time}`,
  sentAt: (time) => `um ${time}`,
  outboxId: 'Postausgangs-ID',
  deliveryRecord: 'Zustelldatensatz (JSON)',

  inboxHeading: 'Posteingang',
  clear: 'Leeren',
  inboxIntro:
    'Alles, was der Entwicklungs-Mailserver und das lokale Microsoft Graph empfangen, erscheint hier sofort.',
  inboxEmpty:
    'Noch keine E-Mails. Testen Sie mit „Test-E-Mail senden an“ oder senden Sie eine Benachrichtigung.',
  messageCount: (count, duplicates) => {
    const messages = count === 1 ? '1 Nachricht' : count ? `${count} Nachrichten` : '';
    if (!duplicates) return messages;
    return `${messages}, ${duplicates === 1 ? '1 Duplikat' : `${duplicates} Duplikate`}`;
  },
  duplicateCopy: (copy) => `Duplikat, ${copy}. Exemplar`,
  noSubject: '(kein Betreff)',
  from: 'Von',
  to: 'An',
  date: 'Datum',
  inboxCleared: 'Posteingang geleert',
  outageSwitch: 'Ausfall des Mailservers',
  outageMode: 'Art des Ausfalls',
  outageRefused: 'Verbindungen abgelehnt',
  outageUnavailable: '421 Service not available',
  outageRejecting: '550 No such mailbox (endgültig)',
  outageUp: 'Der Mailserver nimmt E-Mails an.',
  outageDown: (mode, since) =>
    ({
      refused: `Der Mailserver ist seit ${since} ausgefallen: Verbindungen werden abgelehnt.`,
      unavailable: `Der Mailserver ist seit ${since} ausgefallen: Er beantwortet jede Verbindung mit 421 Service not available.`,
      rejecting: `Der Mailserver lehnt seit ${since} jeden Empfänger ab: 550 No such mailbox.`,
    })[mode],
  outageStopping: 'Der Mailserver wird gestoppt…',
  outageStarting: 'Der Mailserver wird gestartet…',
  outageFailed: (reason) => `Der Mailserver konnte nicht umgeschaltet werden: ${reason}`,
  graphSwitch: 'Fehler von Microsoft Graph',
  graphMode: 'Art des Fehlers',
  graphAccessDenied: '403 ErrorAccessDenied (ohne Berechtigung Mail.Send)',
  graphPolicyDenied: '403 Anwendungszugriffsrichtlinie',
  graphSendAsDenied: '403 ErrorSendAsDenied',
  graphMailboxNotFound: '404 ErrorInvalidUser (kein solches Postfach)',
  graphMailboxNotLicensed: 'MailboxNotEnabledForRESTAPI (ohne Exchange Online)',
  graphThrottled: '429 gedrosselt (Retry-After 5 s)',
  graphUnavailable: '503 Service unavailable',
  graphNormal: 'Microsoft Graph antwortet normal.',
  graphFailing: (mode, since) =>
    ({
      accessDenied: `Seit ${since} lehnt Microsoft Graph das Senden ab: 403 ErrorAccessDenied, der App fehlt Mail.Send.`,
      policyDenied: `Seit ${since} lehnt Microsoft Graph das Senden ab: 403, eine Anwendungszugriffsrichtlinie sperrt das Postfach.`,
      sendAsDenied: `Seit ${since} lehnt Microsoft Graph das Senden ab: 403 ErrorSendAsDenied.`,
      mailboxNotFound: `Seit ${since} kennt Microsoft Graph das Postfach nicht: 404 ErrorInvalidUser.`,
      mailboxNotLicensed: `Seit ${since} lehnt Microsoft Graph das Senden ab: MailboxNotEnabledForRESTAPI.`,
      throttled: `Seit ${since} drosselt Microsoft Graph jede Anfrage: 429 mit Retry-After.`,
      unavailable: `Seit ${since} beantwortet Microsoft Graph jede Anfrage mit 503 Service unavailable.`,
    })[mode],
  graphBreaking: 'Microsoft Graph wird auf den Fehler umgeschaltet…',
  graphRestoring: 'Microsoft Graph antwortet gleich wieder normal…',
  graphSwitchFailed: (reason) => `Microsoft Graph konnte nicht umgeschaltet werden: ${reason}`,
  inboxUnavailable: (reason) => `Der Posteingang konnte nicht geladen werden: ${reason}`,
  clearFailed: (reason) => `Der Posteingang konnte nicht geleert werden: ${reason}`,
  loadingMessage: 'Nachricht wird geladen…',
  noTextBody: '(kein Textteil)',
  htmlVersion: 'HTML-Fassung',
  htmlVersionTitle: 'HTML-Fassung der Nachricht',
  messageUnavailable: 'Nachricht nicht verfügbar',
  close: 'Schließen',

  loadingSettings: 'Die gespeicherten Einstellungen werden geladen…',
  nothingSaved: 'Noch nichts gespeichert',
  loadedVersion: (version) => `Version ${version} geladen`,
  lastSavedVersion: (version) => `Zuletzt gespeicherte Version ${version}`,
  frameworkActionFailed: (action, message) => {
    const what = { load: 'Laden der Einstellungen', test: 'Test', save: 'Speichern', oauth: 'Anmeldung' }[
      action
    ];
    return `${what} fehlgeschlagen: ${message}`;
  },
  backToMain: 'Zurück zur Haupt-Demo',
  reactHeading: 'Ausgehende E-Mails in React',
  reactLead:
    'Diese Seite rendert `<SmtpSettings>` aus `@smtp-settings/widget/react`. Props setzen die Eigenschaften des Elements (`endpoint`, `strings`); `onLoad`, `onSave` und `onError` erhalten seine typisierten Ereignisse. Design und Sprache folgen der Wahl auf der Hauptseite.',
  vueHeading: 'Ausgehende E-Mails in Vue',
  vueLead:
    'Diese Seite rendert `<smtp-settings>` aus einer Vue-3-Renderfunktion: Vue bindet `endpoint` und `strings` als Eigenschaften und hört auf `smtp-settings-load`, `smtp-settings-save` und `smtp-settings-error` wie auf jedes DOM-Ereignis. Design und Sprache folgen der Wahl auf der Hauptseite.',
};
