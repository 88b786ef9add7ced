import type { ServerTextKey } from '@smtp-settings/widget';

/** German texts of sending through Microsoft Graph and of Application sign-in; part of `deServerTexts`. */
export const deGraphTexts = {
  'hint.GRAPH_ACCESS_DENIED':
    'Erteilen Sie der App die Microsoft-Graph-Berechtigung Mail.Send ({permissionKind}) mit Administratorzustimmung unter Entra ID → App-Registrierungen → API-Berechtigungen.',
  'hint.GRAPH_POLICY_DENIED':
    'Eine Anwendungszugriffsrichtlinie (oder ein Exchange-RBAC-Bereich) sperrt die App für dieses Postfach: Nehmen Sie {mailbox} in die Gruppe auf, die die Richtlinie erlaubt, und warten Sie bis zu einer Stunde, bis sie greift.',
  'hint.MAILBOX_NOT_FOUND':
    'In diesem Mandanten gibt es kein Postfach {mailbox}: Prüfen Sie die Absender-E-Mail und die Mandanten-ID.',
  'hint.MAILBOX_NOT_LICENSED':
    '{mailbox} hat kein Exchange-Online-Postfach (ohne Lizenz, inaktiv, vorläufig gelöscht oder lokal): Weisen Sie eine Exchange-Online-Lizenz zu oder verwenden Sie ein anderes Postfach.',
  'hint.SERVICE_UNAVAILABLE':
    'Microsoft Graph ist gerade ausgelastet oder nicht verfügbar; E-Mails werden erneut versucht, und der Test kann in einigen Minuten wiederholt werden.',
  'hint.graphSendAsDenied':
    'Das angemeldete Konto darf nicht als {mailbox} senden: Erteilen Sie ihm im Exchange Admin Center „Senden als“ für {mailbox} oder melden Sie sich als {mailbox} an.',
  'hint.graphThrottled':
    'Microsoft Graph drosselt dieses Postfach oder diese App; E-Mails warten wie von Graph verlangt {retryAfterSeconds} s und werden dann erneut versucht.',
  'hint.graphTokenRejected':
    'Microsoft Graph hat das Zugriffstoken abgelehnt: Prüfen Sie, ob die Mandanten-ID der Mandant des Postfachs ist und die App die Berechtigung Mail.Send mit Administratorzustimmung hat.',
  'hint.smtpSendAsApp':
    'Erteilen Sie der App die Office-365-Exchange-Online-Berechtigung SMTP.SendAsApp mit Administratorzustimmung, registrieren Sie ihren Dienstprinzipal in Exchange Online und geben Sie ihm Zugriff auf {mailbox} (Add-MailboxPermission).',
  'failure.graphAccessDenied': 'Microsoft Graph hat den Zugriff auf {mailbox} verweigert ({reason}).',
  'failure.graphPolicyDenied':
    'Eine Mandantenrichtlinie hindert die App daran, als {mailbox} zu senden ({reason}).',
  'failure.graphSendAsDenied': 'Microsoft Graph hat das Senden als {mailbox} abgelehnt ({reason}).',
  'failure.graphMailboxNotFound': 'Microsoft Graph kennt kein Postfach {mailbox}.',
  'failure.graphMailboxNotLicensed': '{mailbox} kann nicht über Microsoft Graph senden ({reason}).',
  'failure.graphThrottled': 'Microsoft Graph drosselt die Anfragen (429).',
  'failure.graphUnavailable':
    'Microsoft Graph hat mit {status} geantwortet; der Dienst ist möglicherweise ausgelastet.',
  'failure.graphTokenRejected': 'Microsoft Graph hat das Zugriffstoken abgelehnt ({reason}).',
  'failure.graphUnreachable': 'Microsoft Graph war nicht erreichbar ({reason}).',
  'failure.graphTimeout': 'Microsoft Graph hat nicht innerhalb von {limitMs} ms geantwortet.',
  'failure.graphRefused': 'Microsoft Graph hat die Anfrage abgelehnt ({status} {reason}).',
  'detail.tokenDelegated': 'Zugriffstoken für {resource} aus dem Refresh-Token von {account}',
  'detail.tokenApplication': 'Anwendungstoken für {resource} (App {clientId}, Mandant {tenantId})',
  'detail.mailboxFound': 'Postfach {mailbox} gefunden ({name})',
  'detail.mailboxNotChecked':
    'Nicht nachgeschlagen: Die App darf keine Benutzer lesen (User.Read.All); das Senden prüft das Postfach stattdessen',
  'detail.graphAccepted': 'Microsoft Graph hat die Nachricht zur Zustellung angenommen (202)',
  'warning.clientSecretExpiresRead':
    'Der geheime Clientschlüssel läuft am {date} ab (aus der App-Registrierung gelesen): Erstellen Sie vorher einen neuen und tragen Sie ihn hier ein.',
  'warning.clientSecretExpiredRead':
    'Der geheime Clientschlüssel ist am {date} abgelaufen (aus der App-Registrierung gelesen): Erstellen Sie einen neuen und tragen Sie ihn hier ein.',
  'hint.graphTooLarge':
    'Microsoft Graph nimmt Nachrichten bis 4 MB in gesendeter Form an (Anhänge wachsen unterwegs um ein Drittel): Senden Sie kleinere Anhänge oder Links zu den Dateien, oder senden Sie über SMTP, das Nachrichten bis zur Grenze des Postfachs annimmt (standardmäßig 35 MB).',
  'failure.graphTooLarge':
    'Die Nachricht ist so, wie Microsoft Graph sie empfangen würde, {sizeMb} MB groß und damit über seiner Grenze von {limitMb} MB.',
  'hint.appTokenResource':
    'Microsoft kennt in diesem Mandanten keinen Dienst für {scope}: Prüfen Sie, ob die Mandanten-ID die des Postfachs ist und der Mandant Exchange Online hat, und erteilen Sie dann die Administratorzustimmung für die API-Berechtigungen der App (Entra ID → App-Registrierungen → API-Berechtigungen).',
  'hint.appTokenScope':
    'Microsoft hat den Bereich {scope} abgelehnt: Die Anmeldung als Anwendung braucht den Bereich „.default“ einer Ressource; bitten Sie den Administrator dieser Anwendung, die konfigurierten Microsoft-Endpunkte zu prüfen (den SMTP-App-Bereich und den Graph-Ursprung).',
  'hint.appTokenUnauthorized':
    'Microsoft lässt diese App keine eigenen Tokens abrufen: Prüfen Sie unter Entra ID → Unternehmensanwendungen, ob die App für die Anmeldung aktiviert ist, und unter App-Registrierungen → Zertifikate & Geheimnisse, ob der hier eingetragene geheime Clientschlüssel noch aufgeführt ist.',
} satisfies Partial<Record<ServerTextKey, string>>;
