import type { ServerTextKey } from '@smtp-settings/widget';
import { deErrorTexts } from './de-error-texts.js';
import { deGraphTexts } from './de-graph-texts.js';
import { deOutboxTexts } from './de-outbox-texts.js';
import { deSignInTexts } from './de-sign-in-texts.js';

/**
 * German texts of what the adapter writes, as templates with the same `{name}` placeholders as its
 * English ones: typed as every `ServerTextKey`, so a new server text fails the type check until it is
 * translated (and `de-server-texts.test.ts` checks the placeholders).
 */
export const deServerTexts: Record<ServerTextKey, string> = {
  'hint.DNS_NOT_FOUND': 'Prüfen Sie die Schreibweise des SMTP-Servernamens; er existiert im DNS nicht.',
  'hint.HOST_NOT_ALLOWED':
    'Diese Serveradresse ist vom Administrator dieser Anwendung gesperrt; verwenden Sie einen öffentlichen Mailserver.',
  'hint.CONNECTION_REFUSED':
    'Prüfen Sie den Port und ob eine Firewall diesem Server erlaubt, den Mailserver darüber zu erreichen.',
  'hint.CONNECTION_LOST':
    'Der Mailserver hat die Verbindung geschlossen; prüfen Sie Port und Verbindungssicherheit und versuchen Sie es erneut.',
  'hint.TIMEOUT':
    'Der Mailserver hat nicht rechtzeitig geantwortet; prüfen Sie Server, Port und jede Firewall dazwischen.',
  'hint.TLS_WRONG_MODE':
    'Port {port} und die Verbindungssicherheit passen nicht zusammen: SSL/TLS läuft meist auf Port 465, STARTTLS auf Port 587.',
  'hint.TLS_CERT_INVALID':
    'Das Serverzertifikat ist nicht vertrauenswürdig oder passt nicht zum Servernamen; verwenden Sie den Namen aus dem Zertifikat.',
  'hint.TLS_FAILED':
    'Die sichere Verbindung konnte nicht aufgebaut werden; prüfen Sie die Einstellung der Verbindungssicherheit.',
  'hint.STARTTLS_UNSUPPORTED':
    'Der Server bietet auf Port {port} kein STARTTLS an; wählen Sie SSL/TLS (meist Port 465) oder einen anderen Port.',
  'hint.AUTH_FAILED': 'Prüfen Sie Benutzername und Passwort.',
  'hint.AUTH_MECH_UNSUPPORTED':
    'Der Server bietet hier kein Anmeldeverfahren an, das wir nutzen können; prüfen Sie Verbindungssicherheit und Authentifizierungsart.',
  'hint.AUTH_REQUIRED': 'Der Server verlangt eine Anmeldung: Geben Sie Benutzername und Passwort ein.',
  'hint.SMTP_AUTH_DISABLED':
    'Authentifiziertes SMTP ist für dieses Postfach oder diesen Mandanten ausgeschaltet: Aktivieren Sie „Authentifiziertes SMTP“ für das Postfach im Microsoft 365 Admin Center.',
  'hint.TOKEN_REVOKED': 'Rufen Sie ein neues Aktualisierungstoken ab.',
  'hint.TOKEN_FAILED':
    'Der Identitätsanbieter hat kein Zugriffstoken ausgestellt; prüfen Sie Client-ID und geheimen Clientschlüssel.',
  'hint.TOKEN_ENDPOINT_UNREACHABLE':
    'Der Token-Endpunkt des Identitätsanbieters war nicht rechtzeitig erreichbar; prüfen Sie Netzwerkverbindung, Proxy und Firewall dieses Servers.',
  'hint.SENDER_REJECTED':
    'Das Konto darf nicht als Absender-E-Mail senden: Verwenden Sie die eigene Adresse des Kontos oder geben Sie ihm „Senden als“ für diese Adresse.',
  'hint.RECIPIENT_REJECTED':
    'Der Server hat die Empfängeradresse abgelehnt; prüfen Sie sie oder versuchen Sie eine Adresse Ihrer eigenen Domain.',
  'hint.MESSAGE_REJECTED':
    'Der Server hat die Nachricht selbst abgelehnt; prüfen Sie seine Regeln zu Größe und Inhalt.',
  'hint.RATE_LIMITED':
    'Der Server drosselt dieses Konto; warten Sie einige Minuten und versuchen Sie es erneut.',
  'hint.SMTP_ERROR': 'Der Server hat mit einem unerwarteten Fehler geantwortet; seine Antwort steht oben.',
  'hint.toStartTls':
    'Port {port} spricht zuerst unverschlüsseltes SMTP: Wählen Sie STARTTLS, oder behalten Sie SSL/TLS und nutzen Sie den SSL/TLS-Port (meist 465).',
  'hint.toImplicitTls':
    'Port {port} erwartet SSL/TLS ab dem ersten Byte: Wählen Sie SSL/TLS, oder behalten Sie STARTTLS und nutzen Sie den STARTTLS-Port (meist 587).',
  'hint.encryptFirst':
    'Der Server nimmt eine Anmeldung nur über eine verschlüsselte Verbindung an: Wählen Sie STARTTLS oder SSL/TLS (meist Port 587 oder 465).',
  'hint.authenticatedSmtp':
    'Aktivieren Sie „Authentifiziertes SMTP“ für das Postfach (Microsoft 365 Admin Center → Benutzer → E-Mail → E-Mail-Apps verwalten) und prüfen Sie Benutzername und Passwort.',
  'hint.authenticatedSmtpOff':
    'Aktivieren Sie „Authentifiziertes SMTP“ für das Postfach (Microsoft 365 Admin Center → Benutzer → E-Mail → E-Mail-Apps verwalten) oder für den ganzen Mandanten.',
  'hint.basicAuthOff':
    'Microsoft hat die Passwortanmeldung (Basic Auth) für SMTP hier abgeschaltet: Wählen Sie Microsoft OAuth statt eines Passworts.',
  'hint.securityDefaults':
    'Sicherheitsstandards oder eine Richtlinie für bedingten Zugriff sperren die Passwortanmeldung für SMTP: Wählen Sie Microsoft OAuth statt eines Passworts.',
  'hint.microsoftOauth':
    'Aktivieren Sie „Authentifiziertes SMTP“ für das Postfach und prüfen Sie, ob der App die Berechtigung SMTP.Send dafür erteilt wurde.',
  'hint.sendAs':
    'Geben Sie dem angemeldeten Konto „Senden als“ für die Absenderadresse (Exchange Admin Center → Postfächer → Delegierung), oder verwenden Sie die eigene Adresse des Kontos als Absender-E-Mail.',
  'hint.googleAppPassword':
    'Google akzeptiert für SMTP mit Basic Auth nur ein App-Passwort – erstellen Sie eines, oder verwenden Sie OAuth.',
  'hint.googleCredentials':
    'Prüfen Sie Benutzername und Passwort; Google akzeptiert für SMTP mit Basic Auth nur ein App-Passwort – erstellen Sie eines, oder verwenden Sie OAuth.',
  'hint.oauthToken':
    'Der Server hat das Zugriffstoken abgelehnt: Melden Sie sich erneut mit dem Konto an, dessen Adresse der Benutzername ist, und prüfen Sie, ob die App E-Mails senden darf (Google: https://mail.google.com/, Microsoft: SMTP.Send).',
  'hint.temporary':
    'Der Server hat ein vorübergehendes Problem gemeldet; versuchen Sie es in einigen Minuten erneut.',
  'hint.untrusted':
    'Das Zertifikat ist nicht von einer Stelle signiert, der dieser Server vertraut: Verwenden Sie den offiziellen Servernamen des Anbieters, oder lassen Sie ein ungültiges Zertifikat nur für einen Server zu, den Sie selbst betreiben.',
  'hint.outdated':
    'Das Zertifikat des Mailservers ist nicht gültig: Sein Administrator muss es erneuern (oder die Serveruhr korrigieren).',
  'hint.certificateName':
    'Verwenden Sie den Namen, für den das Zertifikat ausgestellt wurde, als SMTP-Server.',
  'hint.oldTls':
    'Der Mailserver bietet nur veraltete TLS-Versionen (vor 1.2) an: Bitten Sie seinen Administrator, ihn zu aktualisieren.',
  'hint.onlyOauth':
    'Der Server akzeptiert hier nur OAuth: Wählen Sie OAuth (Google oder Microsoft) als Authentifizierungsart.',
  'hint.noOauth':
    'Dieser Server akzeptiert hier kein OAuth: Wählen Sie die Passwortanmeldung, oder prüfen Sie Server und Port.',
  'hint.loginOnlyEncrypted':
    'Der Server bietet eine Anmeldung, wenn überhaupt, nur über eine verschlüsselte Verbindung an: Wählen Sie STARTTLS oder SSL/TLS (meist Port 587 oder 465).',
  'hint.loginNotOnThisPort':
    'Der Server verlangt eine Anmeldung, bietet auf Port {port} aber keine an: Nutzen Sie seinen Submission-Port (meist 587 mit STARTTLS oder 465 mit SSL/TLS).',
  'hint.refreshTokenMissing': 'Rufen Sie zuerst ein Aktualisierungstoken ab.',
  'hint.tokenFailedGoogle':
    'Prüfen Sie Client-ID und Clientschlüssel am OAuth-Client unter APIs & Dienste → Anmeldedaten in der Google Cloud Console.',
  'hint.tokenFailedMicrosoft':
    'Prüfen Sie Client-ID und Mandanten-ID auf der Übersichtsseite der App-Registrierung und den geheimen Clientschlüssel unter Zertifikate & Geheimnisse.',
  'hint.tokenEndpoint':
    'Dieser Server konnte den Token-Endpunkt von {provider} nicht erreichen: Prüfen Sie seine Netzwerkverbindung, Proxy und Firewall, und versuchen Sie es erneut.',

  'failure.hostInvalid': '{host} ist kein gültiger Servername.',
  'failure.hostBlocked':
    '{host} verweist nur auf Adressen, zu denen diese Anwendung keine Verbindung aufbauen darf: {addresses}.',
  'failure.addressBlocked': 'Zu {addresses} darf diese Anwendung keine Verbindung aufbauen.',
  'failure.dnsNotFound': 'Den Servernamen {host} gibt es im DNS nicht.',
  'failure.dnsNotFoundUnnamed': 'Den Servernamen gibt es im DNS nicht.',
  'failure.dnsTemporary':
    'Das DNS hat für den Servernamen nicht geantwortet; das kann ein vorübergehendes Problem sein.',
  'failure.connectionRefused': 'Der Mailserver hat die Verbindung abgelehnt.',
  'failure.connectionRefusedAt': 'Der Mailserver unter {address} Port {port} hat die Verbindung abgelehnt.',
  'failure.noRoute': 'Es gibt keinen Netzwerkweg zum Mailserver.',
  'failure.noRouteAt': 'Es gibt keinen Netzwerkweg zum Mailserver unter {address} Port {port}.',
  'failure.certificateSelfSigned': 'Das Serverzertifikat ist selbstsigniert.',
  'failure.certificateChainSelfSigned':
    'Die Zertifikatskette des Servers endet in einem selbstsignierten, nicht vertrauenswürdigen Zertifikat.',
  'failure.certificateIssuerUnknown':
    'Das Serverzertifikat konnte nicht geprüft werden: Sein Aussteller ist unbekannt oder fehlt in der Kette.',
  'failure.certificateIssuerUntrusted':
    'Das Serverzertifikat stammt von einer Stelle, der dieser Server nicht vertraut.',
  'failure.certificateUntrusted': 'Das Serverzertifikat ist nicht vertrauenswürdig.',
  'failure.certificateInvalidCa':
    'Die Zertifikatskette des Servers enthält eine ungültige Zertifizierungsstelle.',
  'failure.certificateSignature': 'Das Serverzertifikat hat eine ungültige Signatur.',
  'failure.certificateExpired': 'Das Serverzertifikat ist abgelaufen.',
  'failure.certificateNotYetValid': 'Das Serverzertifikat ist noch nicht gültig.',
  'failure.certificateRevoked': 'Das Serverzertifikat wurde widerrufen.',
  'failure.certificateOtherHost': 'Das Serverzertifikat wurde für einen anderen Servernamen ausgestellt.',
  'failure.certificateNames': 'Das Serverzertifikat gilt für {names}, nicht für {host}.',
  'failure.certificateUnverified': 'Das Serverzertifikat konnte nicht geprüft werden ({reason}).',
  'failure.tlsExpected': 'Der Server erwartet TLS.',
  'failure.tlsPlainAnswer': 'Der Server hat den TLS-Handshake unverschlüsselt beantwortet.',
  'failure.tlsSilentPort':
    'Der Server hat keine Begrüßung gesendet, antwortet aber auf einen TLS-Handshake: Dieser Port erwartet SSL/TLS.',
  'failure.tlsHandshake': 'Der TLS-Handshake ist fehlgeschlagen.',
  'failure.tlsHandshakeReason': 'Der TLS-Handshake ist fehlgeschlagen: {reason}.',
  'failure.tlsClosed': 'Der Server hat die Verbindung während des TLS-Handshakes geschlossen.',
  'failure.timeout': 'Der Mailserver hat nicht rechtzeitig geantwortet.',
  'failure.timeoutGreeting': 'Der Server hat die Verbindung angenommen, aber nie seine Begrüßung gesendet.',
  'failure.timeoutTls': 'Der TLS-Handshake hat zu lange gedauert.',
  'failure.timeoutConnect': 'Die Verbindung zum Mailserver hat zu lange gedauert.',
  'failure.timeoutConnectAt':
    'Die Verbindung zum Mailserver unter {address} Port {port} hat zu lange gedauert.',
  'failure.waitDns':
    'Das DNS hat für {host} nicht innerhalb von {limitMs} ms geantwortet; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitConnect':
    'Keine Verbindung zu {address} Port {port} innerhalb von {limitMs} ms; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitTls':
    'Der TLS-Handshake wurde nicht innerhalb von {limitMs} ms fertig; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitGreeting':
    'Der Server hat seine Begrüßung nicht innerhalb von {limitMs} ms gesendet; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitMessage':
    'Der Server hat die Nachricht nicht innerhalb von {limitMs} ms angenommen; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitReply':
    'Der Server hat {command} nicht innerhalb von {limitMs} ms beantwortet; dieser Schritt dauerte insgesamt {elapsedMs} ms.',
  'failure.waitTotal':
    'Die Zeit für den Test ist abgelaufen: Er darf insgesamt {limitMs} ms dauern, dieser Schritt dauerte {elapsedMs} ms.',
  'failure.cancelled': 'Der Test wurde abgebrochen.',
  'failure.connectionLost': 'Der Server hat die Verbindung unerwartet geschlossen.',
  'failure.closedGreeting': 'Der Server hat die Verbindung geschlossen, statt seine Begrüßung zu senden.',
  'failure.closedMessage': 'Der Server hat die Verbindung geschlossen, statt die Nachricht anzunehmen.',
  'failure.closedReply': 'Der Server hat die Verbindung geschlossen, statt {command} zu beantworten.',
  'failure.handedToTls': 'Die Verbindung wurde an TLS übergeben.',
  'failure.notSmtp': 'Die Antwort des Servers ist kein gültiges SMTP.',
  'failure.notSmtpReply': 'Der Server hat etwas gesendet, das keine SMTP-Antwort ist.',
  'failure.overlongLine': 'Der Server hat eine überlange Zeile gesendet.',
  'failure.endlessReply': 'Der Server hat eine endlose Antwort gesendet.',
  'failure.mixedReplyCodes': 'Der Server hat in einer Antwort verschiedene Antwortcodes gemischt.',
  'failure.loginMethodUnsupported': 'Das gewählte Anmeldeverfahren wird nicht unterstützt.',
  'failure.noCredentials':
    'Die Anmeldung ist gescheitert, bevor der Server antwortete: Es wurde kein Passwort und kein Zugriffstoken angegeben.',
  'failure.noRecipient': 'Es wurde keine gültige Empfängeradresse angegeben.',
  'failure.noSender': 'Es wurde keine gültige Absenderadresse angegeben.',
  'failure.messageTooLarge': 'Die Nachricht ist größer, als der Server annimmt.',
  'failure.messageNotSent': 'Die Nachricht konnte nicht gesendet werden.',
  'failure.unexpected': 'Ein unerwarteter Fehler hat das Gespräch mit dem Mailserver beendet.',
  'failure.authDisabled':
    'Der Server hat die Anmeldung abgelehnt: Authentifiziertes SMTP ist für dieses Konto nicht erlaubt.',
  'failure.sendAsDenied': 'Das Konto darf nicht als Absenderadresse senden.',
  'failure.mechanismUnsupported': 'Der Server unterstützt {command} hier nicht.',
  'failure.loginMethodUnsupportedHere': 'Der Server unterstützt dieses Anmeldeverfahren hier nicht.',
  'failure.encryptFirst': 'Der Server verlangt zuerst eine verschlüsselte Verbindung.',
  'failure.oauthTokenRefused': 'Der Server hat das OAuth-Zugriffstoken abgelehnt.',
  'failure.googlePassword': 'Google hat das Passwort für SMTP abgelehnt.',
  'failure.credentialsRefused': 'Der Server hat Benutzername und Passwort abgelehnt.',
  'failure.authRequired': 'Der Server verlangt eine Anmeldung, bevor er E-Mails annimmt.',
  'failure.mechanismWeak': 'Der Server hält dieses Anmeldeverfahren für zu schwach.',
  'failure.startTlsUnsupported': 'Der Server bietet auf diesem Port kein STARTTLS an.',
  'failure.startTlsNotOffered': 'Der Server bietet auf diesem Port kein STARTTLS an (er bietet: {offered}).',
  'failure.startTlsRefused': 'Der Server hat den Start von TLS abgelehnt.',
  'failure.rateLimited': 'Der Server begrenzt, wie oft sich dieses Konto verbinden oder senden darf.',
  'failure.temporary': 'Der Server hat einen vorübergehenden Fehler gemeldet ({code}).',
  'failure.senderRefused': 'Der Server hat die Absenderadresse abgelehnt.',
  'failure.recipientRefused': 'Der Server hat die Empfängeradresse abgelehnt.',
  'failure.messageRefused': 'Der Server hat die Nachricht abgelehnt.',
  'failure.commandRefused': 'Der Server hat {command} abgelehnt ({code}).',
  'failure.stepRefused': 'Der Server hat diesen Schritt abgelehnt ({code}).',
  'failure.commandUnexpected': 'Der Server hat auf {command} unerwartet geantwortet ({code}).',
  'failure.stepUnexpected': 'Der Server hat in diesem Schritt unerwartet geantwortet ({code}).',
  'failure.noOauth': 'Der Server akzeptiert keine OAuth-Token (XOAUTH2); er bietet {offered} an.',
  'failure.noOauthNoList':
    'Der Server akzeptiert keine OAuth-Token (XOAUTH2); er nennt keine Anmeldeverfahren.',
  'failure.noPasswordLogin':
    'Der Server bietet keine Passwortanmeldung an (PLAIN, LOGIN oder CRAM-MD5); er bietet {offered} an.',
  'failure.noPasswordLoginNoList':
    'Der Server bietet keine Passwortanmeldung an (PLAIN, LOGIN oder CRAM-MD5); er nennt keine Anmeldeverfahren.',
  'failure.noAccessToken': 'Es konnte kein OAuth-Zugriffstoken für den Mailserver abgerufen werden.',
  'failure.noRefreshToken':
    'Die gespeicherten Einstellungen enthalten kein Aktualisierungstoken von {provider}.',
  'failure.refreshTokenRefused': '{provider} akzeptiert das Aktualisierungstoken nicht mehr ({reason}).',
  'failure.accessTokenRefused': '{provider} hat kein Zugriffstoken ausgestellt ({reason}).',
  'failure.noAccessTokenIn': '{provider} hat ohne Zugriffstoken geantwortet.',
  'failure.msalFailed': 'MSAL konnte kein Token von Microsoft anfordern ({reason}).',
  'failure.tokenEndpointUnreachable': 'Der Token-Endpunkt von {provider} war nicht erreichbar.',
  'failure.tokenEndpointUnreachableReason':
    'Der Token-Endpunkt von {provider} war nicht erreichbar ({reason}).',
  'failure.tokenEndpointTimeout':
    'Der Token-Endpunkt von {provider} hat nicht innerhalb von {limitMs} ms geantwortet.',

  'detail.dnsResolved': '{host} verweist auf {addresses}',
  'detail.dnsResolvedSomeBlocked': '{host} verweist auf {addresses} (nicht erlaubt: {blocked})',
  'detail.ipAddress': '{host} ist eine IP-Adresse: keine Namensauflösung nötig',
  'detail.connected': 'Verbunden mit {address} Port {port}',
  'detail.connectedGreeting': 'Verbunden mit {address} Port {port}; Begrüßung: {reply}',
  'detail.tls': '{protocol}, {cipher}; Zertifikat für {subject}, ausgestellt von {issuer}',
  'detail.tlsValidUntil':
    '{protocol}, {cipher}; Zertifikat für {subject}, ausgestellt von {issuer}, gültig bis {date}',
  'detail.startTls': 'STARTTLS: {protocol}, {cipher}; Zertifikat für {subject}, ausgestellt von {issuer}',
  'detail.startTlsValidUntil':
    'STARTTLS: {protocol}, {cipher}; Zertifikat für {subject}, ausgestellt von {issuer}, gültig bis {date}',
  'detail.tlsSkipped': 'Nicht verschlüsselt (Sicherheit: Keine)',
  'detail.capabilities': '{capabilities}',
  'detail.capabilitiesGreeting': 'Begrüßung: {reply}; {capabilities}',
  'detail.noUser': 'Kein Benutzername: Senden ohne Anmeldung',
  'detail.noLogin': 'Der Server bietet auf dieser Verbindung keine Anmeldung an: Senden ohne Anmeldung',
  'detail.loggedIn': 'Angemeldet als {user} mit {mechanism}',
  'detail.envelope': 'Absender <{from}> und Empfänger <{to}> angenommen',
  'detail.sent': '{reply}',

  'warning.sendAsMicrosoft':
    'Das Token gehört zu {account}, nicht zur Absender-E-Mail {fromEmail}: Geben Sie {account} „Senden als“ für {fromEmail}, oder melden Sie sich als {fromEmail} an.',
  'warning.sendAsGoogle':
    'Das Token gehört zu {account}, nicht zur Absender-E-Mail {fromEmail}: Fügen Sie {fromEmail} als „Senden als“-Adresse von {account} hinzu, oder melden Sie sich als {fromEmail} an.',
  'warning.basicAuthMicrosoft':
    'Microsoft schaltet SMTP mit Basic Auth Ende Dezember 2026 standardmäßig ab – verwenden Sie stattdessen OAuth-Authentifizierung mit Microsoft.',
  'warning.basicAuthGoogle':
    'Google akzeptiert für SMTP mit Basic Auth nur App-Passwörter, und sie verlieren ihre Gültigkeit, wenn sich das Kontopasswort ändert – verwenden Sie stattdessen OAuth-Authentifizierung mit Google.',
  'warning.refreshTokenExpires':
    'Das Aktualisierungstoken läuft am {date} ab (Google stellt Apps im Status „Testen“ Token für 7 Tage aus): Veröffentlichen Sie die App und rufen Sie dann ein neues Aktualisierungstoken ab.',
  'warning.refreshTokenExpired':
    'Das Aktualisierungstoken ist am {date} abgelaufen (Google stellt Apps im Status „Testen“ Token für 7 Tage aus): Veröffentlichen Sie die App und rufen Sie dann ein neues Aktualisierungstoken ab.',
  'warning.clientSecretExpires':
    'Der geheime Clientschlüssel läuft am {date} ab: Erstellen Sie vorher einen neuen und geben Sie ihn hier ein.',
  'warning.clientSecretExpired':
    'Der geheime Clientschlüssel ist am {date} abgelaufen: Erstellen Sie einen neuen und geben Sie ihn hier ein.',
  'warning.unencryptedLogin':
    'Die Verbindung ist nicht verschlüsselt: Benutzername und Passwort werden im Klartext übertragen.',
  'warning.startTlsOffered':
    'Der Server bietet STARTTLS an: Wählen Sie STARTTLS, um die Verbindung zu verschlüsseln.',
  'warning.noLogin':
    'Der Server bietet auf dieser Verbindung keine Anmeldung an: E-Mails werden ohne Anmeldung gesendet.',
  'warning.certificateExpires':
    'Das Serverzertifikat läuft am {date} ab; ohne Erneuerung funktioniert der E-Mail-Versand dann nicht mehr.',
  'warning.certificateAccepted':
    'Das Serverzertifikat ist nicht gültig ({reason}). Es wurde angenommen, weil ungültige Zertifikate zugelassen sind: Die Verbindung ist verschlüsselt, aber nichts beweist, dass sie den echten Server erreicht.',

  'preset.local': 'Lokaler Entwicklungsserver',
  'presetNote.microsoft365':
    'Microsoft schaltet SMTP mit Basic Auth Ende Dezember 2026 standardmäßig ab: Verwenden Sie lieber OAuth.',
  'presetNote.gmail': 'Basic Auth braucht ein App-Passwort; OAuth braucht keines.',
  'presetNote.ses':
    'Verwenden Sie den SMTP-Endpunkt Ihrer Region und SMTP-Anmeldedaten, keine IAM-Zugriffsschlüssel.',
  'presetNote.sendgrid': 'Der Benutzername ist wörtlich „apikey“; das Passwort ist der API-Schlüssel.',
  'presetNote.postmark': 'Das Server-API-Token ist zugleich Benutzername und Passwort.',
  'presetNote.local': 'Für einen Mail-Catcher auf diesem Rechner; nie für den Produktivbetrieb.',
  ...deGraphTexts,
  ...deOutboxTexts,
  ...deSignInTexts,
  ...deErrorTexts,
};
