import type { ServerTextKey } from '@smtp-settings/widget';

/** German texts of why "Get Refresh Token" failed and what to do; part of `deServerTexts`. */
export const deSignInTexts = {
  'signIn.accessDenied':
    'Die Anmeldung bei {provider} wurde abgebrochen oder die Berechtigungen wurden abgelehnt ({codes}).',
  'signIn.redirectMismatch':
    'Der OAuth-Client führt die Weiterleitungs-URI dieses Servers nicht auf ({codes}).',
  'signIn.clientInvalid':
    '{provider} hat die Client-ID oder den geheimen Clientschlüssel nicht akzeptiert ({codes}).',
  'signIn.grantInvalid':
    '{provider} akzeptiert diese Anmeldung nicht mehr: Sie hat zu lange gedauert oder wurde bereits abgeschlossen ({codes}).',
  'signIn.singleTenant':
    'Die App-Registrierung ist auf einen Mandanten beschränkt und kann sich daher nicht über den gemeinsamen Endpunkt „common“ anmelden ({codes}).',
  'signIn.tenantUnknown': 'Microsoft kennt diesen Mandanten nicht ({codes}).',
  'signIn.secretRefused': 'Microsoft hat den geheimen Clientschlüssel nicht akzeptiert ({codes}).',
  'signIn.secretExpired': 'Der geheime Clientschlüssel ist abgelaufen ({codes}).',
  'signIn.appUnknown': 'Microsoft hat im Mandanten keine Anwendung mit dieser Client-ID gefunden ({codes}).',
  'signIn.redirectUnlisted':
    'Die App-Registrierung führt die Weiterleitungs-URI dieses Servers nicht auf ({codes}).',
  'signIn.refused': '{provider} hat die Anmeldung abgelehnt ({codes}).',
  'signIn.refusedSaying': '{provider} hat die Anmeldung abgelehnt ({codes}: {description}).',
  'signIn.refusedUnknown': '{provider} hat die Anmeldung abgelehnt (unbekannter Fehler).',
  'signIn.refusedUnknownSaying':
    '{provider} hat die Anmeldung abgelehnt (unbekannter Fehler: {description}).',
  'signIn.unreachable': 'Der Anmeldedienst von {provider} war nicht erreichbar.',
  'signIn.unreachableReason': 'Der Anmeldedienst von {provider} war nicht erreichbar ({reason}).',
  'signIn.incomplete': 'Die Anmeldung bei {provider} konnte nicht abgeschlossen werden.',
  'signIn.incompleteReason': 'Die Anmeldung bei {provider} konnte nicht abgeschlossen werden ({reason}).',
  'signIn.timedOut':
    'Der Anmeldedienst von {provider} war nicht rechtzeitig erreichbar: Er hat nicht innerhalb von {timeout} geantwortet.',
  'signIn.noRefreshToken': '{provider} hat angemeldet, aber kein Aktualisierungstoken ausgestellt.',
  'signIn.noAccount':
    '{provider} hat angemeldet, aber kein Postfach genannt (keine E-Mail-Adresse und kein Benutzername im ID-Token).',
  'signIn.scopeDeclined':
    '{provider} hat ohne die Berechtigung zum Senden von E-Mails angemeldet, die SMTP braucht.',
  'signIn.tenantUnloadable':
    'Microsoft konnte die Anmeldeeinstellungen des Mandanten nicht laden ({reason}).',
  'signIn.stateUnknown': 'Diese Anmeldung ist unbekannt, abgelaufen oder gehört zu einer anderen Sitzung.',
  'signIn.stateUsed':
    'Diese Anmeldung wurde bereits abgeschlossen; ihr Link kann nicht zweimal verwendet werden.',
  'signIn.stateExpired':
    'Diese Anmeldung ist abgelaufen: Sie muss innerhalb von {minutes} Minuten nach dem Start abgeschlossen werden.',
  'signIn.stateUnreadable':
    'Diese Anmeldung kann nicht mehr abgeschlossen werden: Der geheime Schlüssel dieses Servers hat sich nach ihrem Start geändert, daher lässt sich nicht entschlüsseln, was er für die Anmeldung gespeichert hat.',
  'signIn.serverError':
    'Die Anmeldung konnte wegen eines Fehlers auf diesem Server nicht abgeschlossen werden.',

  'hint.signInAccept':
    'Um das Postfach zu verbinden, klicken Sie erneut auf „Aktualisierungstoken abrufen“ und stimmen Sie den angeforderten Berechtigungen zu.',
  'hint.signInStartAgain': 'Beginnen Sie neu: Klicken Sie erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInCheckApp':
    'Prüfen Sie die Einstellungen der App-Registrierung und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInCheckAppCode':
    'Prüfen Sie die Einstellungen der App-Registrierung und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“. Microsoft erklärt den Code unter https://login.microsoftonline.com/error?code={number}.',
  'hint.signInReach':
    'Prüfen Sie, ob dieser Server {provider} erreichen kann (Proxy, Firewall, DNS), und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInReachInTime':
    'Prüfen Sie, ob dieser Server {provider} erreichen kann (Netzwerkverbindung, Proxy, Firewall), und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInMailbox':
    'Melden Sie sich mit einem Postfachkonto an und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInAllowMail':
    'Klicken Sie erneut auf „Aktualisierungstoken abrufen“ und erlauben Sie der App, Ihre E-Mails zu lesen, zu verfassen und zu senden.',
  'hint.signInAgain':
    'Schließen Sie dieses Fenster und klicken Sie erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInServerError':
    'Schließen Sie dieses Fenster und klicken Sie erneut auf „Aktualisierungstoken abrufen“; wenn es weiter fehlschlägt, wenden Sie sich an den Administrator dieser Anwendung.',
  'hint.signInClientGoogle':
    'Kopieren Sie Client-ID und Clientschlüssel des OAuth-Clients (Typ „Webanwendung“) aus APIs & Dienste → Anmeldedaten in der Google Cloud Console.',
  'hint.signInClientMicrosoft':
    'Prüfen Sie die Client-ID auf der Übersichtsseite der App-Registrierung und fügen Sie den Wert eines gültigen geheimen Schlüssels aus „Zertifikate & Geheimnisse“ ein.',
  'hint.signInRedirectGoogle':
    'Fügen Sie die Weiterleitungs-URL {redirectUri} unter „Autorisierte Weiterleitungs-URIs“ des OAuth-Clients hinzu (APIs & Dienste → Anmeldedaten in der Google Cloud Console).',
  'hint.signInRedirectMicrosoft':
    'Registrieren Sie die Weiterleitungs-URL {redirectUri} als Umleitungs-URI der Web-Plattform unter „Authentifizierung“ in der App-Registrierung.',
  'hint.signInRefreshGoogle':
    'Entfernen Sie den Zugriff der App unter https://myaccount.google.com/permissions und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInRefreshMicrosoft':
    'Stellen Sie sicher, dass die App-Registrierung offline_access anfordern darf, und klicken Sie dann erneut auf „Aktualisierungstoken abrufen“.',
  'hint.signInTenant':
    'Geben Sie unter Mandanten-ID die Verzeichnis-ID (Mandanten-ID) von der Übersichtsseite der App-Registrierung oder eine verifizierte Domain wie contoso.onmicrosoft.com ein.',
  'hint.signInTenantReach':
    'Geben Sie unter Mandanten-ID die Verzeichnis-ID (Mandanten-ID) von der Übersichtsseite der App-Registrierung oder eine verifizierte Domain wie contoso.onmicrosoft.com ein. Stimmt sie, prüfen Sie, ob dieser Server den Anmeldedienst von Microsoft erreichen kann.',
  'hint.signInNotCommon':
    'Geben Sie unter Mandanten-ID die Verzeichnis-ID (Mandanten-ID) von der Übersichtsseite der App-Registrierung ein, nicht „common“.',
  'hint.signInSecretValue':
    'Fügen Sie unter Geheimer Clientschlüssel den Wert des Schlüssels ein, nicht seine Geheimnis-ID (aus „Zertifikate & Geheimnisse“ der App-Registrierung).',
  'hint.signInNewSecret':
    'Erstellen Sie unter „Zertifikate & Geheimnisse“ der App-Registrierung einen neuen geheimen Clientschlüssel und fügen Sie seinen Wert unter Geheimer Clientschlüssel ein.',
  'hint.signInClientId':
    'Prüfen Sie Client-ID (Anwendungs-ID) und Mandanten-ID anhand der Übersichtsseite der App-Registrierung.',
} satisfies Partial<Record<ServerTextKey, string>>;
